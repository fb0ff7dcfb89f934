"""Exercises of notebook 02 (from tracks to training data)."""

from __future__ import annotations

from dataclasses import astuple
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from helpers.exercises.base import FunctionExercise, Question, Quiz, SelfAssessed, Wrong
from helpers.exercises.synthetic import synthetic_tracks
from helpers.song_split import split_by_song
from helpers.splits import Split, honest_split, original_split, split_leak


def song_numbers(tracks: pd.DataFrame) -> pd.Series:
    return tracks["track_name"].str.removeprefix("Song ").astype(int)


def with_collaborations(tracks: pd.DataFrame) -> pd.DataFrame:
    """A synthetic table with two songs an artist, and every third song a collaboration with the next artist."""
    song = song_numbers(tracks)
    names = "Artist " + (song // 2).astype(str)
    return tracks.assign(artists=names.where(song % 3 != 0, names + ";Artist " + (song // 2 + 1).astype(str)))


def artists_known_from_validation(tracks: pd.DataFrame) -> Split:
    """A split of a :func:`with_collaborations` table in which each test artist's other song is a validation row."""
    part, rows = song_numbers(tracks) % 4, tracks.index.to_numpy()
    return Split("test artists among the validation rows", rows[part < 2], rows[part == 2], rows[part == 3])


def shares_of_known_artists(tracks: pd.DataFrame, split: Split, learned_parts: tuple[str, ...] = ("train", "validation"),
                            whole_names: bool = False) -> float:
    """The share of test rows with an artist among the rows of ``learned_parts`` (the names split on ';' unless
    ``whole_names``): the reference of exercise 1, and two of its typical wrong answers."""
    def names(rows: np.ndarray) -> pd.Series:
        column = tracks.loc[rows, "artists"]
        return column.map(lambda text: [text]) if whole_names else column.str.split(";")
    known = set(names(np.concatenate([getattr(split, part) for part in learned_parts])).explode())
    return float(names(split.test).map(lambda row: any(name in known for name in row)).mean())


class ArtistLeak(FunctionExercise):
    notebook, number, title = "02", 1, "artists on both sides"
    function_name, compare = "artist_leak", "allclose"
    hint_text = ("The artists column holds names joined by ';'. Collect every name that occurs in the rows the model "
                 "learns from, then ask, test row by test row, whether any of its names is among them. The .str "
                 "methods of a Series and .explode() help.")
    success = "right on the honest split and on other splits, collaborations included."
    reference = staticmethod(shares_of_known_artists)
    wrong = [
        Wrong(lambda tracks, split: shares_of_known_artists(tracks, split, whole_names=True),
              "that compares the whole artists text; a collaboration 'A;B' shares an artist with A's own songs: "
              "split the names on ';' and compare them one by one."),
        Wrong(lambda tracks, split: shares_of_known_artists(tracks, split, ("train",)),
              "the model also learns from the validation rows (early stopping watches them): collect the names of "
              "the training and validation rows."),
        Wrong(lambda tracks, split: 100 * shares_of_known_artists(tracks, split),
              "give the share as a number between 0 and 1, not a percentage."),
    ]

    def cases(self, tracks: pd.DataFrame, split: Split) -> list[tuple[Any, ...]]:
        collaborations = with_collaborations(synthetic_tracks(200, 23))
        return [(tracks, split), (collaborations, artists_known_from_validation(collaborations))]

    def hidden_cases(self, tracks: pd.DataFrame, split: Split) -> list[tuple[Any, ...]]:
        collaborations = with_collaborations(synthetic_tracks(150, 24))
        return [(tracks, original_split(tracks, 3)), (tracks, honest_split(tracks, 5)),
                (collaborations, honest_split(collaborations, 2)), (collaborations, original_split(collaborations, 2))]


def split_positions(tracks: pd.DataFrame, seed: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A typical wrong answer to exercise 2: the split by artist, as positions instead of row labels."""
    return split_by_song(pd.factorize(tracks["artists"])[0], seed)


def without_validation(tracks: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A typical wrong answer to exercise 2: split by artist, but no validation rows."""
    train, validation, test = (tracks.index[part] for part in split_positions(tracks, seed))
    return np.concatenate([train, validation]), tracks.index[:0], test


def random_rows(tracks: pd.DataFrame, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A typical wrong answer to exercise 2: random rows, as the original split them."""
    learn, test = train_test_split(tracks.index.to_numpy(), test_size=0.2, random_state=seed)
    return *train_test_split(learn, test_size=0.2, random_state=seed), test


class SplitByArtist(FunctionExercise):
    notebook, number, title = "02", 2, "a split by artist"
    function_name, compare = "split_by_artist", "custom"  # any split with the properties below is right
    hint_text = ("Notebook 02's split_by_song takes one group number per row; here a group is an artist (the artists "
                 "text of a row). The splitter gives positions: "
                 "tracks.index turns them into row labels.")
    success = ("no artists text (one artist, or one group of collaborators) in two parts, no song copied across them, every row in exactly one part, about the asked "
               "shares of test and validation rows, and the same seed gives the same split.")
    same_seed = "the same seed gave two different splits; pass the seed on to the splitter."
    wrong = [
        Wrong(lambda tracks, seed: astuple(honest_split(tracks, seed))[1:], "artists have rows in two parts"),
        Wrong(without_validation, "hold out validation rows"),
        Wrong(random_rows, "copies of songs are on both sides"),
        Wrong(split_positions, "return row labels of tracks"),
        Wrong(lambda tracks, seed: tuple(tracks.index[part] for part in split_positions(tracks, seed=None)), same_seed),
    ]

    @staticmethod
    def shuffled(tracks: pd.DataFrame, share: float, seed: int) -> pd.DataFrame:
        """Some of the rows in another order, with row labels that are neither in order nor positions."""
        rows = tracks.sample(frac=share, random_state=seed)
        return rows.set_axis(rows.index * 3 + 10_000)

    def cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(tracks, 7), (self.shuffled(synthetic_tracks(300, 31), 1.0, 0), 1)]

    def hidden_cases(self, tracks: pd.DataFrame) -> list[tuple[Any, ...]]:
        return [(self.shuffled(tracks, 0.6, 1), 3), (synthetic_tracks(300, 32), 11)]

    def reference(self, tracks: pd.DataFrame, seed: int) -> None:
        return None

    def difference(self, got: Any, expected: None, args: tuple[Any, ...]) -> str | None:
        tracks, _ = args
        try:
            parts = [np.asarray(part) for part in got]
        except TypeError:
            parts = []
        if len(parts) != 3:
            return "return three arrays of row labels: (train_rows, validation_rows, test_rows)."
        if not all(set(part) <= set(tracks.index) for part in parts):
            return "return row labels of tracks (tracks.index[positions]), not positions."
        if sum(map(len, parts)) != len(tracks) or len(set().union(*map(set, parts))) != len(tracks):
            return "every row must be in exactly one part."
        if not all(len(part) for part in parts):
            return "hold out validation rows too: the three parts must not be empty."
        if split_leak(tracks, Split("yours", *parts)).leaked:
            return "copies of songs are on both sides of your split: split whole groups (the artists), not rows."
        artists = [set(tracks.loc[part, "artists"]) for part in parts]
        shared = (artists[0] & artists[1]) | (artists[0] & artists[2]) | (artists[1] & artists[2])
        if shared:
            return f"{len(shared)} artists have rows in two parts; use the artists column as the groups."
        test_share, validation_share = len(parts[2]) / len(tracks), len(parts[1]) / (len(tracks) - len(parts[2]))
        if not (0.1 <= test_share <= 0.3 and 0.1 <= validation_share <= 0.3):
            return (f"about a fifth of the rows should be test rows, and a fifth of the others validation rows, not "
                    f"{test_share:.0%} and {validation_share:.0%}.")
        return None


q3 = SelfAssessed("02", 3, "the original's scaler")

quiz = Quiz("02", 4, "wrap-up quiz", [
    Question("Why is the scaler fitted on the training rows only?",
             {"a": "Because fitting it on all rows would be slower.",
              "b": "The validation and test rows stand for new songs, whose statistics we could not know when "
                   "training: nothing about them may shape what the model learns from.",
              "c": "Because the test rows are in other units than the training rows."},
             {"a": "Computing a mean and a standard deviation takes a moment on any number of rows.",
              "b": "Every step that learns from data is fitted on the training rows, then applied unchanged "
                   "to the others. Otherwise the test is no longer a test of new songs.",
              "c": "Every row has the same columns in the same units; the scaler's statistics are the question."}),
    Question("A random split of these rows gives a higher test score than the split by song. Which score should "
             "you trust for songs the model has never heard?",
             {"a": "The random split's: it is higher because the model is better there.",
              "b": "The split by song's: on the random split many test rows have a copy among the training rows, "
                   "and part of its score is memory.",
              "c": "Either: the two splits test the same model, so they measure the same thing."},
             {"a": "The model is the same kind; the random split's test rows are easier because copies of them "
                   "were learned.",
              "b": "A test must look like the use, here new songs, so no copy of a test song may be learned.",
              "c": "They test on different rows, and only the split by song's rows are all unseen songs."}),
    Question("Why are the validation rows split off by song too, and not as random rows of the training part?",
             {"a": "Early stopping and the choice of settings judge the model on them; copies of training songs "
                   "there would reward memorising.",
              "b": "Keras refuses validation rows that are copies of training rows.",
              "c": "So that the validation part is exactly a fifth of the rows."},
             {"a": "The validation rows play the test's part while training, so they must be unseen songs too.",
              "b": "Keras does not look at what the rows are; it takes any arrays.",
              "c": "Whole songs move together, so the shares are only close to a fifth (the notebook shows them)."}),
    Question("After the split by song, most test rows share an artist with the training rows (exercise 1). What "
             "does the test score of such a split measure?",
             {"a": "Nothing useful: every split with shared artists leaks, so the score is meaningless.",
              "b": "How well the model does on new songs by artists it has mostly seen; for new artists, split by "
                   "artist and expect a lower score.",
              "c": "How well it does on new artists, since the songs are new."},
             {"a": "A song by a known artist is still a new song; the score answers a narrower question.",
              "b": "Which split is honest depends on the question. Collaborations still link artists across a "
                   "split by artist (exercise 2 lets you count them).",
              "c": "A new song is not a new artist; the model may have learned the artist's sound."}),
])
