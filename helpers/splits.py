"""Train/test splits, and how many test rows leak from the training rows.

The data set lists the same ``track_id`` once per genre it is tagged with, and the
same song (artists and track name) often appears again under another ``track_id``
(a single and its album). A random split therefore puts copies of many test songs
into the training rows, and a model can score by remembering them. The honest split
keeps every copy of a song on one side.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.model_selection import GroupShuffleSplit, train_test_split

SEED_SAMPLE_SIZE = 100_000
SEED_TEST_SIZE = 0.2
SEED_RANDOM_STATE = 20
VALIDATION_FRACTION = 0.2


@dataclass(frozen=True)
class Split:
    """Row labels (of the tracks frame's index) for training, validation and test.

    ``train`` holds the rows the model is fitted on; ``validation`` the rows held out
    from training to watch it (early stopping); ``test`` the rows kept for the end.
    """

    name: str
    train: np.ndarray
    validation: np.ndarray
    test: np.ndarray


@dataclass(frozen=True)
class LeakReport:
    """How many test rows have a copy among the training rows."""

    test_rows: int
    same_track_id: int
    same_song: int
    leaked: int

    @property
    def leaked_share(self) -> float:
        """Share of test rows whose track or song is also in the training rows."""
        return self.leaked / self.test_rows if self.test_rows else 0.0


def song_keys(tracks: pd.DataFrame) -> pd.Series:
    """Return a key per row naming the song: lower-cased artists and track name."""
    artists = tracks["artists"].astype(str).str.strip().str.lower()
    names = tracks["track_name"].astype(str).str.strip().str.lower()
    return artists + " | " + names


def song_groups(tracks: pd.DataFrame) -> np.ndarray:
    """Return a group number per row; rows of one song share a group.

    Two rows are the same song when they share a ``track_id`` or a song key
    (artists and track name), and the relation is followed transitively: a track
    listed under two genres, and its single and album versions, all land in one group.
    """
    track_codes, _ = pd.factorize(tracks["track_id"])
    key_codes, key_uniques = pd.factorize(song_keys(tracks))
    n_tracks = int(track_codes.max()) + 1 if len(track_codes) else 0
    n_nodes = n_tracks + len(key_uniques)
    edges = coo_matrix(
        (np.ones(len(tracks)), (track_codes, n_tracks + key_codes)), shape=(n_nodes, n_nodes)
    )
    _, component = connected_components(edges, directed=False)
    return component[track_codes]


def _tail_validation(train: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Hold out the last ``fraction`` of rows, as Keras's ``validation_split`` does."""
    n_validation = int(round(len(train) * fraction))
    return train[: len(train) - n_validation], train[len(train) - n_validation :]


def seed_split(
    tracks: pd.DataFrame,
    sample_size: int | None = SEED_SAMPLE_SIZE,
    test_size: float = SEED_TEST_SIZE,
    random_state: int = SEED_RANDOM_STATE,
    validation_fraction: float = VALIDATION_FRACTION,
) -> Split:
    """Reproduce the original notebook's split.

    It sampled ``sample_size`` rows, split them 80/20 at random with
    ``random_state=20``, and let Keras hold out the last 20% of the training rows
    for validation (``validation_split=0.2``). Copies of the same song land on both
    sides; see :func:`count_leaked_rows`.
    """
    rows = tracks.index.to_numpy()
    if sample_size is not None and sample_size < len(rows):
        rows = tracks.sample(n=sample_size, random_state=random_state).index.to_numpy()
    train, test = train_test_split(rows, test_size=test_size, random_state=random_state)
    fit, validation = _tail_validation(np.asarray(train), validation_fraction)
    return Split("seed (random rows)", fit, validation, np.asarray(test))


def _group_split(
    rows: np.ndarray, groups: np.ndarray, test_size: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    keep, held_out = next(splitter.split(rows, groups=groups))
    return rows[keep], rows[held_out]


def honest_split(
    tracks: pd.DataFrame,
    test_size: float = SEED_TEST_SIZE,
    validation_fraction: float = VALIDATION_FRACTION,
    seed: int = SEED_RANDOM_STATE,
) -> Split:
    """Split all rows so that every copy of a song is on one side only.

    Songs (see :func:`song_groups`) are shuffled with ``seed``; about ``test_size``
    of them go to the test rows, and ``validation_fraction`` of the rest to the
    validation rows, so early stopping is judged on unseen songs as well.
    """
    rows = tracks.index.to_numpy()
    groups = song_groups(tracks)
    train, test = _group_split(rows, groups, test_size, seed)
    train_groups = groups[tracks.index.get_indexer(train)]
    fit, validation = _group_split(train, train_groups, validation_fraction, seed)
    return Split("honest (by song)", np.sort(fit), np.sort(validation), np.sort(test))


def _copies(
    tracks: pd.DataFrame, train_rows: np.ndarray, test_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per test row: whether its ``track_id``, and whether its song, is among ``train_rows``."""
    train, test = tracks.loc[train_rows], tracks.loc[test_rows]
    same_id = test["track_id"].isin(set(train["track_id"])).to_numpy()
    same_song = song_keys(test).isin(set(song_keys(train))).to_numpy()
    return same_id, same_song


def count_leaked_rows(
    tracks: pd.DataFrame, train_rows: np.ndarray, test_rows: np.ndarray
) -> LeakReport:
    """Count the test rows whose ``track_id`` or song also appears among ``train_rows``.

    Pass every row the model learns from as ``train_rows`` (training and validation).
    """
    same_id, same_song = _copies(tracks, train_rows, test_rows)
    return LeakReport(
        test_rows=len(same_id),
        same_track_id=int(same_id.sum()),
        same_song=int(same_song.sum()),
        leaked=int((same_id | same_song).sum()),
    )


def _learned_from(split: Split) -> np.ndarray:
    return np.concatenate([split.train, split.validation])


def leak_mask(tracks: pd.DataFrame, split: Split) -> np.ndarray:
    """Mark each test row of ``split`` (in the order of ``split.test``) whose track or song
    is among its training or validation rows: the rows :func:`split_leak` counts."""
    same_id, same_song = _copies(tracks, _learned_from(split), split.test)
    return same_id | same_song


def split_leak(tracks: pd.DataFrame, split: Split) -> LeakReport:
    """Count the test rows of ``split`` that leak from its training and validation rows."""
    return count_leaked_rows(tracks, _learned_from(split), split.test)
