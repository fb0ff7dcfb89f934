import numpy as np
import pandas as pd

from helpers.splits import (
    count_leaked_rows,
    honest_split,
    seed_split,
    song_groups,
    split_leak,
)


def test_song_groups_join_track_ids_and_song_names(tracks):
    groups = pd.Series(song_groups(tracks), index=tracks.index)
    # every row of one track_id in one group
    assert (groups.groupby(tracks["track_id"]).nunique() == 1).all()
    # the single and album versions (different track_id, same artists and name) are joined
    single = tracks.index[tracks["track_id"] == "single00001"][0]
    album = tracks.index[tracks["track_id"] == "id00001"][0]
    assert groups[single] == groups[album]
    # different songs stay apart
    assert groups.nunique() == 120


def test_song_groups_follow_links_transitively():
    frame = pd.DataFrame(
        {
            "track_id": ["a", "a", "b", "c"],
            "artists": ["X", "X", "X", "Y"],
            "track_name": ["One", "One (remix)", "one (Remix) ", "Two"],
        }
    )
    groups = song_groups(frame)
    assert groups[0] == groups[1] == groups[2] != groups[3]


def test_honest_split_has_no_leak_and_covers_every_row(tracks):
    split = honest_split(tracks, seed=3)
    everything = np.concatenate([split.train, split.validation, split.test])
    assert sorted(everything.tolist()) == sorted(tracks.index.tolist())
    assert split_leak(tracks, split).leaked == 0
    assert count_leaked_rows(tracks, split.train, split.validation).leaked == 0
    assert 0.1 < len(split.test) / len(tracks) < 0.3


def test_honest_split_is_repeatable(tracks):
    first, second = honest_split(tracks, seed=5), honest_split(tracks, seed=5)
    assert np.array_equal(first.test, second.test)
    assert not np.array_equal(first.test, honest_split(tracks, seed=6).test)


def test_seed_split_reproduces_the_original_and_leaks(tracks):
    split = seed_split(tracks, sample_size=150)
    assert len(split.test) == 30
    assert len(split.train) + len(split.validation) == 120
    assert len(split.validation) == 24
    again = seed_split(tracks, sample_size=150)
    assert np.array_equal(split.test, again.test)
    report = split_leak(tracks, split)
    assert report.leaked > 0
    assert report.leaked >= max(report.same_track_id, report.same_song)
    assert report.leaked_share == report.leaked / report.test_rows


def test_leak_counts_track_ids_and_songs_separately():
    frame = pd.DataFrame(
        {
            "track_id": ["a", "a", "b", "c", "d"],
            "artists": ["X", "X", "X", "Y", "Z"],
            "track_name": ["One", "One", "One", "Two", "Three"],
        }
    )
    report = count_leaked_rows(frame, np.array([0]), np.array([1, 2, 3, 4]))
    assert (report.test_rows, report.same_track_id, report.same_song, report.leaked) == (4, 1, 2, 2)
    assert report.leaked_share == 0.5
