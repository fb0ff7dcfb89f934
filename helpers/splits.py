"""Train/test splits, and how many test rows leak from the training rows.

The data set lists the same ``track_id`` once per genre it is tagged with, and the same song (artists and track name)
often appears again under another ``track_id`` (a single and its album). A random split therefore puts copies of many
test songs into the training rows, and a model can score by remembering them. The honest split keeps every copy of a
song on one side.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components
from sklearn.model_selection import train_test_split

from helpers.song_split import split_by_song

ORIGINAL_SAMPLE_SIZE = 100_000
"""The original notebook trained on a random sample of this many rows (``df.sample(100000)``)."""
ORIGINAL_RANDOM_STATE = 20
"""The ``random_state`` of the original notebook's ``train_test_split``."""
TEST_SIZE = 0.2
"""The share of rows kept for testing, in the original and in the split by song."""
VALIDATION_SIZE = 0.2
"""The share of the remaining rows held out for validation (the original's ``validation_split=0.2``)."""


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
    track_codes, track_uniques = pd.factorize(tracks["track_id"])
    key_codes, key_uniques = pd.factorize(song_keys(tracks))
    n_tracks, n_nodes = len(track_uniques), len(track_uniques) + len(key_uniques)
    edges = coo_matrix((np.ones(len(tracks)), (track_codes, n_tracks + key_codes)), shape=(n_nodes, n_nodes))
    return connected_components(edges, directed=False)[1][track_codes]


def original_split(tracks: pd.DataFrame, sample_seed: int) -> Split:
    """The original notebook's split: random rows, so copies of a song land on both sides.

    It sampled 100,000 rows (``df.sample(100000)``, without a seed, so its exact rows are unknown; here the sample is
    drawn with ``sample_seed``), split them 80/20 with ``train_test_split(..., random_state=20)``, and let Keras hold
    out the last 20% of the training rows for validation (``validation_split=0.2``).
    """
    rows = tracks.index.to_numpy()
    if len(rows) > ORIGINAL_SAMPLE_SIZE:
        rows = tracks.sample(n=ORIGINAL_SAMPLE_SIZE, random_state=sample_seed).index.to_numpy()
    train, test = train_test_split(rows, test_size=TEST_SIZE, random_state=ORIGINAL_RANDOM_STATE)
    keep = math.ceil(len(train) * (1 - VALIDATION_SIZE))  # as Keras: the last 20% of the arrays, unshuffled
    return Split("original (random rows)", train[:keep], train[keep:], test)


def honest_split(tracks: pd.DataFrame, seed: int) -> Split:
    """Split all rows by song, so that every copy of a song is on one side only.

    Songs (see :func:`song_groups`) are shuffled with ``seed`` by notebook 02's
    :func:`~helpers.song_split.split_by_song`: 20% of them go to the test rows, and 20% of the rest to the validation
    rows, so early stopping is judged on unseen songs too. Rows keep the frame's order within each part.
    """
    train, validation, test = split_by_song(song_groups(tracks), seed, TEST_SIZE, VALIDATION_SIZE)
    index = tracks.index.to_numpy()
    return Split("honest (by song)", index[train], index[validation], index[test])


def _copies(tracks: pd.DataFrame, split: Split) -> tuple[np.ndarray, np.ndarray]:
    """Per test row of ``split``: whether its ``track_id``, and whether its song, is among
    the rows the model learns from (training and validation)."""
    learned = tracks.loc[np.concatenate([split.train, split.validation])]
    test = tracks.loc[split.test]
    return (test["track_id"].isin(set(learned["track_id"])).to_numpy(),
            song_keys(test).isin(set(song_keys(learned))).to_numpy())


def leak_mask(tracks: pd.DataFrame, split: Split) -> np.ndarray:
    """Mark each test row of ``split`` (in the order of ``split.test``) whose track or song
    is among its training or validation rows."""
    return np.logical_or(*_copies(tracks, split))


def split_leak(tracks: pd.DataFrame, split: Split) -> LeakReport:
    """Count the test rows of ``split`` that have a copy among its training and validation rows."""
    same_id, same_song = _copies(tracks, split)
    return LeakReport(len(same_id), int(same_id.sum()), int(same_song.sum()), int((same_id | same_song).sum()))
