"""helpers.splits: song groups, the honest split by song, the original's random split, and leak counts."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from sklearn.model_selection import train_test_split

from helpers.exercises.synthetic import synthetic_tracks
from helpers.splits import (
    ORIGINAL_RANDOM_STATE,
    ORIGINAL_SAMPLE_SIZE,
    Split,
    honest_split,
    leak_mask,
    original_split,
    song_groups,
    song_keys,
    split_leak,
)


def small_frame(track_ids: list[str], artists: list[str], names: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"track_id": track_ids, "artists": artists, "track_name": names})


# --------------------------------------------------------------------------
# song_groups
# --------------------------------------------------------------------------


def test_song_keys_ignore_case_and_surrounding_spaces() -> None:
    frame = small_frame(["a", "b"], ["ABBA ", "abba"], [" Waterloo", "WATERLOO"])
    keys = song_keys(frame)
    assert keys[0] == keys[1]


def test_rows_join_by_track_id_or_by_artists_and_name() -> None:
    frame = small_frame(
        ["a", "a", "b", "c", "d"],
        ["X", "X", "X", "Y", "X"],
        ["One", "One", "one ", "Two", "Three"],
    )
    groups = song_groups(frame)
    assert groups[0] == groups[1]  # same track_id (listed under two genres)
    assert groups[0] == groups[2]  # same song under another track_id
    assert len({groups[0], groups[3], groups[4]}) == 3  # other songs stay apart
    assert groups[3] != groups[4]  # same artist is not enough


def test_groups_follow_links_transitively() -> None:
    # row 0 and 1 share an id; row 1 and 2 share a song; row 2 and 3 share an id: one chain
    frame = small_frame(["a", "a", "b", "b", "z"], ["X", "Y", "Y", "W", "Q"], ["One", "Two", "Two", "Three", "Four"])
    groups = song_groups(frame)
    assert groups[0] == groups[1] == groups[2] == groups[3] != groups[4]


def test_same_name_by_other_artists_is_another_song() -> None:
    frame = small_frame(["a", "b"], ["X", "Y"], ["Hello", "Hello"])
    assert len(set(song_groups(frame))) == 2


def test_synthetic_songs_form_one_group_each(tracks: pd.DataFrame) -> None:
    groups = pd.Series(song_groups(tracks), index=tracks.index)
    assert groups.nunique() == 120  # synthetic_tracks(120): 120 songs, about 180 rows
    assert (groups.groupby(tracks["track_id"]).nunique() == 1).all()
    assert (groups.groupby(song_keys(tracks)).nunique() == 1).all()


# --------------------------------------------------------------------------
# honest_split
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def many_songs() -> pd.DataFrame:
    return synthetic_tracks(400, seed=9)


def test_honest_split_covers_every_row_once(many_songs: pd.DataFrame) -> None:
    split = honest_split(many_songs, seed=3)
    parts = np.concatenate([split.train, split.validation, split.test])
    assert len(parts) == len(many_songs)
    assert sorted(parts.tolist()) == sorted(many_songs.index.tolist())


def test_honest_split_keeps_every_song_on_one_side(many_songs: pd.DataFrame) -> None:
    split = honest_split(many_songs, seed=3)
    groups = pd.Series(song_groups(many_songs), index=many_songs.index)
    sides = [set(groups[part]) for part in (split.train, split.validation, split.test)]
    assert not (sides[0] & sides[1] or sides[0] & sides[2] or sides[1] & sides[2])
    report = split_leak(many_songs, split)
    assert (report.same_track_id, report.same_song, report.leaked) == (0, 0, 0)


def test_honest_split_sizes(many_songs: pd.DataFrame) -> None:
    split = honest_split(many_songs, seed=3)
    n = len(many_songs)
    assert 0.15 < len(split.test) / n < 0.25
    assert 0.12 < len(split.validation) / n < 0.2  # 20% of the remaining 80%
    assert split.name == "honest (by song)"


def test_honest_split_is_reproducible_and_depends_on_the_seed(many_songs: pd.DataFrame) -> None:
    first, again, other = honest_split(many_songs, 5), honest_split(many_songs, 5), honest_split(many_songs, 6)
    for part in ("train", "validation", "test"):
        assert np.array_equal(getattr(first, part), getattr(again, part))
    assert not np.array_equal(first.test, other.test)


def test_honest_split_returns_row_labels_in_frame_order() -> None:
    shuffled = synthetic_tracks(200, seed=4).sample(frac=1.0, random_state=1)
    shuffled.index = shuffled.index + 1000  # labels that are not positions
    split = honest_split(shuffled, seed=2)
    for part in (split.train, split.validation, split.test):
        assert set(part) <= set(shuffled.index)
        positions = shuffled.index.get_indexer(part)
        assert (np.diff(positions) > 0).all()  # rows keep the frame's order
    assert split_leak(shuffled, split).leaked == 0


# --------------------------------------------------------------------------
# original_split
# --------------------------------------------------------------------------


def test_original_split_uses_every_row_of_a_small_frame(tracks: pd.DataFrame) -> None:
    assert len(tracks) < ORIGINAL_SAMPLE_SIZE
    split = original_split(tracks, sample_seed=0)
    parts = np.concatenate([split.train, split.validation, split.test])
    assert sorted(parts.tolist()) == sorted(tracks.index.tolist())


def test_original_split_is_train_test_split_then_kerass_last_20_percent(tracks: pd.DataFrame) -> None:
    split = original_split(tracks, sample_seed=0)
    train, test = train_test_split(tracks.index.to_numpy(), test_size=0.2, random_state=ORIGINAL_RANDOM_STATE)
    keep = math.ceil(len(train) * 0.8)
    assert np.array_equal(split.test, test)
    assert np.array_equal(split.train, train[:keep])  # Keras's validation_split takes the last rows, unshuffled
    assert np.array_equal(split.validation, train[keep:])


@pytest.mark.parametrize("n_songs", [37, 41, 53])
def test_original_validation_size_rounds_like_keras(n_songs: int) -> None:
    frame = synthetic_tracks(n_songs, seed=1)
    split = original_split(frame, sample_seed=0)
    learned = len(split.train) + len(split.validation)
    assert len(split.train) == math.ceil(learned * 0.8)


def test_original_split_samples_100000_rows_only_from_a_larger_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    import helpers.splits as splits

    frame = synthetic_tracks(60, seed=2)  # about 90 rows
    monkeypatch.setattr(splits, "ORIGINAL_SAMPLE_SIZE", 50)  # stands for 100,000 rows of the real data
    split = splits.original_split(frame, sample_seed=1)
    used = np.concatenate([split.train, split.validation, split.test])
    assert len(used) == 50 and len(set(used)) == 50
    assert set(used) <= set(frame.index)
    again = splits.original_split(frame, sample_seed=1)
    assert np.array_equal(used, np.concatenate([again.train, again.validation, again.test]))
    other = splits.original_split(frame, sample_seed=2)
    assert set(np.concatenate([other.train, other.validation, other.test])) != set(used)


def test_the_random_split_leaks(many_songs: pd.DataFrame) -> None:
    report = split_leak(many_songs, original_split(many_songs, sample_seed=0))
    assert report.leaked > 0
    assert report.same_song >= report.same_track_id  # a copy with the same id is also the same song


# --------------------------------------------------------------------------
# leak_mask and split_leak on a hand-made frame
# --------------------------------------------------------------------------


@pytest.fixture
def hand_made() -> tuple[pd.DataFrame, Split]:
    frame = pd.DataFrame(
        {
            "track_id": ["a", "b", "v", "a", "c", "b", "e", "f"],
            "artists": ["X", "Y", "V", "X", "Y", "Y", "Z", "W"],
            "track_name": ["One", "Two", "Val", "One", "Two", "Other", "Three", "Val"],
        },
        index=[10, 11, 12, 13, 14, 15, 16, 17],
    )
    # test rows: 13 = same id and song as 10; 14 = song of 11 under another id;
    # 15 = id of 11 under another name; 16 = new; 17 = song of validation row 12 (other artist: new)
    split = Split("hand-made", np.array([10, 11]), np.array([12]), np.array([13, 14, 15, 16, 17]))
    return frame, split


def test_leak_mask_marks_copies_in_test_order(hand_made) -> None:
    frame, split = hand_made
    assert leak_mask(frame, split).tolist() == [True, True, True, False, False]


def test_split_leak_counts_ids_and_songs_separately(hand_made) -> None:
    frame, split = hand_made
    report = split_leak(frame, split)
    assert report.test_rows == 5
    assert report.same_track_id == 2  # rows 13 and 15
    assert report.same_song == 2  # rows 13 and 14
    assert report.leaked == 3  # 13 counted once


def test_validation_rows_count_as_learned() -> None:
    frame = small_frame(["a", "b", "b"], ["X", "Y", "Y"], ["One", "Two", "Two"])
    split = Split("v", np.array([0]), np.array([1]), np.array([2]))
    assert leak_mask(frame, split).tolist() == [True]


def test_no_test_rows_means_no_leak() -> None:
    frame = small_frame(["a"], ["X"], ["One"])
    report = split_leak(frame, Split("empty", np.array([0]), np.array([], dtype=int), np.array([], dtype=int)))
    assert report.leaked == 0 and report.test_rows == 0


# --------------------------------------------------------------------------
# The real data set (skipped unless SPOTIFY_TRACKS_CSV names it)
# --------------------------------------------------------------------------


def test_real_random_split_leaks_and_honest_split_does_not(real_tracks: pd.DataFrame) -> None:
    original = original_split(real_tracks, sample_seed=42)
    assert (len(original.train), len(original.validation), len(original.test)) == (64_000, 16_000, 20_000)
    leak = split_leak(real_tracks, original)
    assert 0.2 < leak.leaked / leak.test_rows < 0.5
    honest = honest_split(real_tracks, seed=42)
    assert split_leak(real_tracks, honest).leaked == 0
    assert len(honest.train) + len(honest.validation) + len(honest.test) == len(real_tracks)
    assert 0.18 < len(honest.test) / len(real_tracks) < 0.22
