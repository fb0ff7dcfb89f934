"""Splits on the real data set (through SPOTIFY_TRACKS_CSV; see conftest.py)."""

from helpers.pipeline import prepare_data
from helpers.splits import honest_split, seed_split, split_leak


def test_real_seed_split_leaks_and_honest_split_does_not(real_tracks):
    seed = seed_split(real_tracks)
    assert (len(seed.train), len(seed.validation), len(seed.test)) == (64_000, 16_000, 20_000)
    leak = split_leak(real_tracks, seed)
    # about a third of the random test rows have a copy among the training rows
    assert 0.25 < leak.leaked_share < 0.5
    assert leak.same_track_id > 0 and leak.same_song >= leak.same_track_id

    honest = honest_split(real_tracks)
    assert split_leak(real_tracks, honest).leaked == 0
    assert len(honest.train) + len(honest.validation) + len(honest.test) == len(real_tracks)
    assert 0.18 < len(honest.test) / len(real_tracks) < 0.22


def test_real_prepare_data_default_classes(real_tracks):
    data = prepare_data(real_tracks)
    assert data.n_classes == 3 and data.class_names[0] == "low (0-30)"
    assert set(data.y_train) == {0, 1, 2}
