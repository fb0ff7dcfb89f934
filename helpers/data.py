"""Find, download, check and load the Spotify Tracks data set.

The course uses the public "Spotify Tracks Dataset" by Maharshi Pandya (Hugging Face
``maharshipandya/spotify-tracks-dataset``, file ``dataset.csv``): 114,000 rows, 114 genres x 1,000 tracks. Credit the
author wherever the data is used.

:func:`load_tracks` finds the CSV file in this order:

1. the ``path`` argument, if given;
2. the environment variable ``SPOTIFY_TRACKS_CSV``, if set;
3. the cached copy in :func:`cache_dir`, if its SHA-256 checksum is right;
4. a download from :data:`DATA_URL` into that folder.

Steps 3 and 4 are :func:`pooch.retrieve`: it downloads into a temporary file, checks the checksum and only then moves
the file into place, so a failed or corrupt download never leaves a broken file in the cache. Every problem raises a
:class:`DataError` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pandas as pd
import requests
from pandas.api.types import is_bool_dtype, is_integer_dtype, is_numeric_dtype, is_string_dtype

with warnings.catch_warnings():  # pooch loads tqdm.auto, which warns in Jupyter without ipywidgets
    warnings.filterwarnings("ignore", message="IProgress not found")
    import pooch

from helpers.labels import POPULARITY_MAX, POPULARITY_MIN

DATA_URL = "https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset/resolve/main/dataset.csv"
"""Public download address of the data set (Hugging Face)."""
DATA_SHA256 = "b202fa49909b2d5cef71a04b1d21243cfeb36414535f2ca9272aa646721177bd"
"""SHA-256 checksum of the public file (20,118,244 bytes)."""
DATA_FILENAME = "spotify_tracks.csv"
PATH_ENV_VAR = "SPOTIFY_TRACKS_CSV"
"""Environment variable naming an existing copy of the file."""
CACHE_ENV_VAR = "SPOTIFY_TRACKS_CACHE"
"""Environment variable naming the cache folder (default: the user's cache folder)."""
DOWNLOAD_TIMEOUT = 60.0
"""Seconds to wait for the server before a download gives up."""

COLUMN_MEANINGS: dict[str, str] = {
    "track_id": "Spotify's identifier of the track (one release of a song)",
    "artists": "performing artists, several separated by ';'",
    "album_name": "album the track appears on",
    "track_name": "title of the track",
    "popularity": "0-100, computed by Spotify from recent plays (the target)",
    "duration_ms": "length of the track in milliseconds",
    "explicit": "whether the lyrics are explicit",
    "danceability": "0-1, how suitable for dancing (tempo, rhythm, beat strength)",
    "energy": "0-1, perceived intensity and activity",
    "key": "pitch class of the key: 0 = C, 1 = C#/Db, ...",
    "loudness": "overall loudness in decibels (dB), mostly -60 to 0",
    "mode": "1 = major, 0 = minor",
    "speechiness": "0-1, presence of spoken words",
    "acousticness": "0-1, confidence that the track is acoustic",
    "instrumentalness": "0-1, confidence that the track has no vocals",
    "liveness": "0-1, confidence that an audience is audible (live recording)",
    "valence": "0-1, musical positiveness (cheerful vs sad)",
    "tempo": "estimated tempo in beats per minute",
    "time_signature": "estimated beats per bar (documented: 3 to 7, for 3/4 to 7/4)",
    "track_genre": "the genre the track was collected under",
}
"""The 20 columns of the loaded data set, in order, and what each means (after the data set's card)."""

COLUMNS: tuple[str, ...] = tuple(COLUMN_MEANINGS)
INDEX_COLUMN = "Unnamed: 0"
"""The file's first, unnamed column: a row number, dropped when loading."""
TEXT_COLUMNS: tuple[str, ...] = ("artists", "album_name", "track_name")
"""Names that may be missing; they are filled with :data:`MISSING_TEXT`."""
MISSING_TEXT = "(unknown)"
INTEGER_COLUMNS: tuple[str, ...] = ("popularity", "duration_ms", "key", "mode", "time_signature")
FLOAT_COLUMNS: tuple[str, ...] = ("danceability", "energy", "loudness", "speechiness", "acousticness",
                                  "instrumentalness", "liveness", "valence", "tempo")
STRING_COLUMNS: tuple[str, ...] = ("track_id", *TEXT_COLUMNS, "track_genre")


class DataError(Exception):
    """Base class of every error raised by :mod:`helpers.data`."""


class DataNotFoundError(DataError, FileNotFoundError):
    """The CSV file is not where it was said to be."""


class DownloadError(DataError):
    """Downloading the data set failed (network, HTTP error, wrong checksum)."""


class SchemaError(DataError, ValueError):
    """The file does not look like the Spotify Tracks data set."""


def cache_dir() -> Path:
    """The folder that holds the downloaded file: ``SPOTIFY_TRACKS_CACHE`` if set, else
    the user's cache folder (``~/.cache/spotify-popularity-course`` on Linux)."""
    folder = os.environ.get(CACHE_ENV_VAR)
    return Path(folder).expanduser() if folder else Path(pooch.os_cache("spotify-popularity-course"))


def download_tracks(folder: str | os.PathLike[str] | None = None, url: str | None = None,
                    sha256: str | None = None, progressbar: bool = True) -> Path:
    """Return the path of the checked file in ``folder`` (default :func:`cache_dir`), downloading it from ``url``
    (default :data:`DATA_URL`) first unless a copy with the right checksum (default :data:`DATA_SHA256`) is already
    there.

    A cached copy loads silently; a download shows a progress bar. A copy with a wrong checksum is downloaded again.
    """
    folder = Path(folder) if folder is not None else cache_dir()
    url, sha256 = url or DATA_URL, sha256 or DATA_SHA256
    advice = f"Check the internet connection and try again, or download {url} yourself and set {PATH_ENV_VAR} to its path."
    downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=DOWNLOAD_TIMEOUT)
    try:
        return Path(pooch.retrieve(url, known_hash=f"sha256:{sha256}", fname=DATA_FILENAME, path=folder,
                                   progressbar=progressbar, downloader=downloader))
    except (requests.RequestException, OSError) as error:  # before ValueError: a bad URL is both
        raise DownloadError(f"Downloading {url} into {folder} failed ({error}); nothing was saved. {advice}") from error
    except ValueError as error:  # pooch: the checksum did not match, and the download was deleted
        raise DownloadError(
            f"The file downloaded from {url} does not have the expected SHA-256 checksum, so it was "
            f"discarded (it was corrupted on the way, or the file on the server changed). {advice}"
        ) from error


def find_tracks_csv(path: str | os.PathLike[str] | None = None) -> Path:
    """Return the path of the CSV file: ``path``, else ``SPOTIFY_TRACKS_CSV``, else the
    cached or freshly downloaded copy (see the module's docstring)."""
    if path is not None:
        where, fix = path, f"Fix the path, or call load_tracks() without a path to use {PATH_ENV_VAR}, the cache or a download."
    elif os.environ.get(PATH_ENV_VAR):
        where = os.environ[PATH_ENV_VAR]
        fix = f"{PATH_ENV_VAR} names it: point it at the data set's CSV file, or unset it to use the cached or downloaded copy."
    else:
        return download_tracks()
    candidate = Path(where).expanduser()
    if not candidate.is_file():
        raise DataNotFoundError(f"There is no data file at {candidate}. {fix}")
    return candidate


def _type_problem(name: str, column: pd.Series) -> str | None:
    """What is wrong with the column's type, if anything."""
    kind = column.dtype
    if name in (INDEX_COLUMN, *INTEGER_COLUMNS) and (not is_integer_dtype(kind) or is_bool_dtype(kind)):
        return f"{name} (expected whole numbers, got {kind})"
    if name in FLOAT_COLUMNS and (not is_numeric_dtype(kind) or is_bool_dtype(kind)):
        return f"{name} (expected numbers, got {kind})"
    if name == "explicit" and not is_bool_dtype(kind):
        return f"{name} (expected True/False, got {kind})"
    if name in STRING_COLUMNS and not (is_string_dtype(kind)
                                       or column.dropna().map(lambda v: isinstance(v, str)).all()):
        return f"{name} (expected text, got {kind})"
    return None


def validate_tracks(raw: pd.DataFrame) -> pd.DataFrame:
    """Check a frame read from the CSV file and return the clean data set.

    It must have rows; exactly the file's 21 columns (the unnamed index column and :data:`COLUMNS`, in any order); no
    missing values except in the names (:data:`TEXT_COLUMNS`); the right types; and popularity within 0-100. The
    result has :data:`COLUMNS` in order and a fresh index; missing names are filled with :data:`MISSING_TEXT` (the
    public file has one such row), and ``result.attrs["filled_text_rows"]`` counts the rows filled.
    """
    fix = f"Make sure the file is the Spotify Tracks data set ({DATA_URL}); download it again if it was changed."
    if len(raw) == 0:
        raise SchemaError(f"The data has no rows. {fix}")
    columns = [str(c) for c in raw.columns]
    expected = (INDEX_COLUMN, *COLUMNS)
    missing = [c for c in expected if c not in columns]
    unexpected = sorted({c for c in columns if c not in expected or columns.count(c) > 1})
    if missing or unexpected:
        found = [f"missing columns: {', '.join(missing)}"] if missing else []
        found += [f"unexpected or repeated columns: {', '.join(unexpected)}"] if unexpected else []
        raise SchemaError(f"The data does not have the expected columns ({'; '.join(found)}). {fix}")
    gaps = {c: int(n) for c, n in raw[list(expected)].isna().sum().items() if n and c not in TEXT_COLUMNS}
    if gaps:
        listing = ", ".join(f"{c} ({n} rows)" for c, n in gaps.items())
        raise SchemaError(f"Missing values in columns that must be complete: {listing}. {fix}")
    problems = [p for c in expected if (p := _type_problem(c, raw[c]))]
    if problems:
        raise SchemaError(f"Columns with the wrong type: {'; '.join(problems)}. {fix}")
    outside = ~raw["popularity"].between(POPULARITY_MIN, POPULARITY_MAX)
    if outside.any():
        raise SchemaError(f"popularity must lie within {POPULARITY_MIN}-{POPULARITY_MAX}, but {int(outside.sum())} "
                          f"rows are outside (from {raw['popularity'].min()} to {raw['popularity'].max()}). {fix}")
    tracks = raw[list(COLUMNS)].reset_index(drop=True)
    unnamed = tracks[list(TEXT_COLUMNS)].isna()
    for name in TEXT_COLUMNS:
        if unnamed[name].all():  # a column with no text at all is read as numbers
            tracks[name] = tracks[name].astype(object)
        tracks[name] = tracks[name].fillna(MISSING_TEXT)
    tracks.attrs = {"filled_text_rows": int(unnamed.any(axis=1).sum())}
    return tracks


def load_tracks(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Find (or download), read and check the data set; see the module's docstring.

    Returns a frame with the 20 :data:`COLUMNS` (114,000 rows for the public file), checked by
    :func:`validate_tracks`. Only empty fields count as missing, so a song called "NA" keeps its name.
    """
    path = find_tracks_csv(path)
    fix = f"Replace {path} with a fresh copy of {DATA_URL} (a cached copy: delete it and call load_tracks() again)."
    try:
        raw = pd.read_csv(path, keep_default_na=False, na_values=[""])
    except FileNotFoundError as error:  # removed since it was found
        raise DataNotFoundError(f"There is no data file at {path}.") from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as error:
        raise SchemaError(f"{path} could not be read as a CSV file ({error}). {fix}") from error
    try:
        return validate_tracks(raw)
    except SchemaError as error:
        raise SchemaError(f"{path} is not the data set: {error}") from error
