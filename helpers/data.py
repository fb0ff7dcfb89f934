"""Find, download, validate and load the Spotify Tracks data set.

The course uses the public "Spotify Tracks Dataset" by Maharshi Pandya
(Hugging Face: ``maharshipandya/spotify-tracks-dataset``, file ``dataset.csv``;
114,000 rows, 114 genres x 1,000 tracks). Credit the author wherever the data
is used.

Typical use in a notebook::

    from helpers.data import load_tracks
    tracks = load_tracks()

:func:`load_tracks` looks for the CSV file in this order (see
:func:`find_tracks_csv`):

1. the ``path`` argument, if given;
2. the environment variable ``SPOTIFY_TRACKS_CSV``, if set;
3. the cached copy ``<cache>/spotify_tracks.csv`` (the cache folder is
   ``SPOTIFY_TRACKS_CACHE`` if set, else the per-user cache folder chosen by
   :func:`pooch.os_cache`), if present and its SHA-256 checksum is right;
4. a fresh download from :data:`DATA_URL` into the cache folder (checked
   against :data:`DATA_SHA256`), unless ``download=False``.

Every problem raises a subclass of :class:`DataError` whose message says what
went wrong and what to do about it.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from pathlib import Path

import pandas as pd
import requests

with warnings.catch_warnings():
    # pooch imports tqdm.auto, which warns on stderr in Jupyter when ipywidgets is not
    # installed ("IProgress not found"); the course never needs a widget progress bar.
    warnings.filterwarnings("ignore", message="IProgress not found")
    import pooch

__all__ = [
    "CACHE_ENV_VAR",
    "COLUMNS",
    "DATA_FILENAME",
    "DATA_SHA256",
    "DATA_URL",
    "FLOAT_COLUMNS",
    "INTEGER_COLUMNS",
    "MISSING_TEXT",
    "PATH_ENV_VAR",
    "RAW_COLUMNS",
    "STRING_COLUMNS",
    "TEXT_COLUMNS",
    "DataError",
    "DataNotFoundError",
    "DownloadError",
    "SchemaError",
    "default_cache_dir",
    "download_tracks",
    "file_sha256",
    "find_tracks_csv",
    "load_tracks",
    "read_tracks_csv",
    "validate_tracks",
]

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

#: Public download address of the data set (Hugging Face).
DATA_URL: str = (
    "https://huggingface.co/datasets/maharshipandya/spotify-tracks-dataset"
    "/resolve/main/dataset.csv"
)
#: SHA-256 checksum of the public file (20,118,244 bytes).
DATA_SHA256: str = "b202fa49909b2d5cef71a04b1d21243cfeb36414535f2ca9272aa646721177bd"
#: File name of the data set in the cache folder.
DATA_FILENAME: str = "spotify_tracks.csv"
#: Environment variable holding the path of an existing copy of the CSV file.
PATH_ENV_VAR: str = "SPOTIFY_TRACKS_CSV"
#: Environment variable overriding the cache folder used for downloads.
CACHE_ENV_VAR: str = "SPOTIFY_TRACKS_CACHE"
#: Name of the per-user cache folder used when CACHE_ENV_VAR is not set.
CACHE_APP_NAME: str = "spotify-popularity-course"
#: Download timeout in seconds (per connection attempt / read), see requests.
DEFAULT_TIMEOUT: float = 60.0

#: The 21 columns of the public file, in order. The first one is the file's
#: unnamed integer index, which pandas reads as "Unnamed: 0".
RAW_COLUMNS: tuple[str, ...] = (
    "Unnamed: 0",
    "track_id",
    "artists",
    "album_name",
    "track_name",
    "popularity",
    "duration_ms",
    "explicit",
    "danceability",
    "energy",
    "key",
    "loudness",
    "mode",
    "speechiness",
    "acousticness",
    "instrumentalness",
    "liveness",
    "valence",
    "tempo",
    "time_signature",
    "track_genre",
)
#: The 20 columns returned by :func:`validate_tracks` / :func:`load_tracks`.
COLUMNS: tuple[str, ...] = RAW_COLUMNS[1:]
#: Free-text columns; missing values are allowed and filled with MISSING_TEXT.
TEXT_COLUMNS: tuple[str, ...] = ("artists", "album_name", "track_name")
#: Replacement for missing values in TEXT_COLUMNS.
MISSING_TEXT: str = "(unknown)"

#: Columns that must have an integer dtype.
INTEGER_COLUMNS: tuple[str, ...] = (
    "Unnamed: 0",
    "popularity",
    "duration_ms",
    "key",
    "mode",
    "time_signature",
)
#: Columns that must be numeric (float, or integer).
FLOAT_COLUMNS: tuple[str, ...] = tuple(
    name
    for name in RAW_COLUMNS[RAW_COLUMNS.index("danceability") : RAW_COLUMNS.index("track_genre")]
    if name not in INTEGER_COLUMNS
)
#: Columns that must hold strings.
STRING_COLUMNS: tuple[str, ...] = ("track_id", *TEXT_COLUMNS, "track_genre")
#: Columns that must be boolean.
BOOL_COLUMNS: tuple[str, ...] = ("explicit",)

_POPULARITY_RANGE: tuple[int, int] = (0, 100)


# --------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------


class DataError(Exception):
    """Base class of every error raised by :mod:`helpers.data`."""


class DataNotFoundError(DataError, FileNotFoundError):
    """The CSV file could not be found (and was not, or could not be, downloaded)."""


class SchemaError(DataError, ValueError):
    """The CSV file or DataFrame does not look like the Spotify Tracks data set."""


class DownloadError(DataError):
    """Downloading the data set failed (network error, HTTP error, bad checksum)."""


# --------------------------------------------------------------------------
# Locating and downloading the file
# --------------------------------------------------------------------------


def _how_to_provide() -> str:
    return (
        f"Set the environment variable {PATH_ENV_VAR} to the path of an existing "
        f"copy of {DATA_FILENAME}, pass the path to load_tracks(path=...), or "
        f"download it from {DATA_URL} (load_tracks() does that automatically "
        "when download=True and the machine can reach the internet)"
    )


def default_cache_dir() -> Path:
    """Return the folder where the downloaded CSV file is kept.

    This is the environment variable ``SPOTIFY_TRACKS_CACHE`` if it is set
    (and not empty), else the per-user cache folder
    ``pooch.os_cache("spotify-popularity-course")`` (for example
    ``~/.cache/spotify-popularity-course`` on Linux). The folder is not created.
    """
    env = os.environ.get(CACHE_ENV_VAR)
    if env:
        return Path(env).expanduser()
    return Path(pooch.os_cache(CACHE_APP_NAME))


def file_sha256(path: str | os.PathLike[str]) -> str:
    """Return the hex SHA-256 checksum of the file at ``path``."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download_tracks(
    cache_dir: str | os.PathLike[str] | None = None,
    url: str = DATA_URL,
    sha256: str = DATA_SHA256,
    progressbar: bool = True,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path:
    """Download the data set into ``cache_dir`` and return the file's path.

    The file is saved as ``<cache_dir>/spotify_tracks.csv``. If that file
    already exists with the right checksum, nothing is downloaded.

    The download is done by :func:`pooch.retrieve`: it streams into a
    temporary file in ``cache_dir``, checks the SHA-256 checksum and only then
    moves the file into place, so a failed or interrupted download never
    leaves a partial or corrupt ``spotify_tracks.csv`` behind (and the
    temporary file is removed).

    Args:
        cache_dir: Destination folder (created if needed); defaults to
            :func:`default_cache_dir`.
        url: Address to download from.
        sha256: Expected hex SHA-256 checksum of the file.
        progressbar: Show a tqdm progress bar.
        timeout: Seconds to wait for the server to connect / send data.

    Raises:
        DownloadError: the server could not be reached, answered with an HTTP
            error, the connection broke before the whole file arrived, or the
            checksum of the downloaded file is wrong.
    """
    folder = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    target = folder / DATA_FILENAME
    # pooch keeps an existing file if it fails to replace it; remove a stale
    # copy first so that a failed download leaves nothing behind.
    if target.is_file() and file_sha256(target) != sha256.lower():
        target.unlink()

    downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=timeout)
    advice = (
        f"Check your internet connection and try again, or download {url} "
        f"yourself and set {PATH_ENV_VAR} to the path of the file"
    )
    try:
        fetched = pooch.retrieve(
            url=url,
            known_hash=f"sha256:{sha256}",
            fname=DATA_FILENAME,
            path=folder,
            downloader=downloader,
            progressbar=progressbar,
        )
    except ValueError as exc:  # pooch: checksum mismatch (pooch deleted the file)
        raise DownloadError(
            f"The file downloaded from {url} does not have the expected SHA-256 "
            f"checksum {sha256}, so it was discarded (the file on the server may "
            f"have changed, or the download was corrupted). {advice}."
        ) from exc
    except requests.exceptions.HTTPError as exc:
        raise DownloadError(
            f"The server refused to send {url} ({exc}). {advice}."
        ) from exc
    except requests.exceptions.Timeout as exc:
        raise DownloadError(
            f"Downloading {url} timed out (no data for {timeout} s); the incomplete "
            f"file was discarded. {advice}."
        ) from exc
    except (
        requests.exceptions.ChunkedEncodingError,
        requests.exceptions.ContentDecodingError,
    ) as exc:
        raise DownloadError(
            f"The connection broke before the whole file arrived from {url} ({exc}); "
            f"the incomplete file was discarded. {advice}."
        ) from exc
    except requests.exceptions.ConnectionError as exc:
        raise DownloadError(
            f"Could not connect to {url} or the connection was lost ({exc}); nothing "
            f"was saved. {advice}."
        ) from exc
    except requests.exceptions.RequestException as exc:
        raise DownloadError(
            f"Downloading {url} failed ({type(exc).__name__}: {exc}); nothing was "
            f"saved. {advice}."
        ) from exc
    except OSError as exc:
        raise DownloadError(
            f"Could not save the download from {url} into {folder} ({exc}). Make "
            f"sure the folder is writable and the disk is not full, or set "
            f"{CACHE_ENV_VAR} to another folder. {advice}."
        ) from exc
    return Path(fetched)


def find_tracks_csv(
    path: str | os.PathLike[str] | None = None, *, download: bool = True
) -> Path:
    """Return the path of the data set's CSV file, downloading it if needed.

    Looks, in order, at:

    1. ``path``, if given. If it does not exist, :class:`DataNotFoundError` is
       raised (no fall-through to the other options).
    2. The environment variable ``SPOTIFY_TRACKS_CSV``, if set. If the file it
       names does not exist, :class:`DataNotFoundError` is raised.
    3. ``<cache>/spotify_tracks.csv`` in :func:`default_cache_dir`, if present.
       Its SHA-256 checksum is verified; a corrupt copy is deleted (with a
       warning) and downloaded again.
    4. :func:`download_tracks` into the cache folder, if ``download`` is true;
       otherwise :class:`DataNotFoundError` is raised.

    Raises:
        DataNotFoundError: see above.
        DownloadError: the download failed.
    """
    if path is not None:
        candidate = Path(path).expanduser()
        if not candidate.is_file():
            raise DataNotFoundError(
                f"The data file {candidate} passed as path does not exist "
                f"(or is not a file). Fix the path, or call load_tracks() "
                f"without a path to use {PATH_ENV_VAR}, the cache or a download."
            )
        return candidate

    env = os.environ.get(PATH_ENV_VAR)
    if env:
        candidate = Path(env).expanduser()
        if not candidate.is_file():
            raise DataNotFoundError(
                f"The environment variable {PATH_ENV_VAR} is set to {env!r}, but "
                f"there is no file there. Set {PATH_ENV_VAR} to the path of "
                f"{DATA_FILENAME}, or unset it to use the cached or downloaded copy."
            )
        return candidate

    cache_dir = default_cache_dir()
    cached = cache_dir / DATA_FILENAME
    if cached.is_file():
        if file_sha256(cached) == DATA_SHA256.lower():
            return cached
        cached.unlink()
        if download:
            warnings.warn(
                f"The cached data file {cached} has the wrong SHA-256 checksum "
                "(corrupt or incomplete); it was deleted and will be downloaded "
                "again.",
                stacklevel=2,
            )
        else:
            raise DataNotFoundError(
                f"The cached data file {cached} had the wrong SHA-256 checksum "
                "(corrupt or incomplete) and was deleted. Call "
                "load_tracks(download=True) to download it again. "
                f"{_how_to_provide()}."
            )

    if not download:
        raise DataNotFoundError(
            f"The data file was not found: no path was given, {PATH_ENV_VAR} is "
            f"not set and there is no {cached}. {_how_to_provide()}."
        )
    # Look the constants up at call time (so they can be overridden, e.g. in tests).
    return download_tracks(cache_dir, url=DATA_URL, sha256=DATA_SHA256)


# --------------------------------------------------------------------------
# Validating and reading
# --------------------------------------------------------------------------


def _is_string_column(series: pd.Series) -> bool:
    if pd.api.types.is_string_dtype(series.dtype):
        return True
    if series.dtype == object:
        return bool(series.dropna().map(lambda v: isinstance(v, str)).all())
    return False


def _dtype_problem(name: str, series: pd.Series) -> str | None:
    """Return a description of what is wrong with the column's dtype, if anything."""
    dtype = series.dtype
    if name in INTEGER_COLUMNS:
        if not pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            return f"{name} (expected integers, got {dtype})"
    elif name in FLOAT_COLUMNS:
        if not pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
            return f"{name} (expected numbers, got {dtype})"
    elif name in BOOL_COLUMNS:
        if not pd.api.types.is_bool_dtype(dtype):
            return f"{name} (expected True/False, got {dtype})"
    elif name in STRING_COLUMNS:
        all_missing = name in TEXT_COLUMNS and bool(series.isna().all())
        if not all_missing and not _is_string_column(series):
            return f"{name} (expected text, got {dtype})"
    return None


def validate_tracks(raw: pd.DataFrame) -> pd.DataFrame:
    """Check a raw frame read from the CSV file and return the clean data set.

    Checks, raising :class:`SchemaError` with a message naming the problem:

    * the frame has at least one row;
    * its columns are exactly :data:`RAW_COLUMNS` (the file's schema,
      including the unnamed index column ``"Unnamed: 0"``), in any order —
      missing and unexpected columns are named;
    * no missing values, except in :data:`TEXT_COLUMNS`;
    * dtypes: ``Unnamed: 0``, ``popularity``, ``duration_ms``, ``key``,
      ``mode``, ``time_signature`` integer; ``danceability`` ... ``tempo``
      numeric; ``explicit`` boolean; ``track_id``, the text columns and
      ``track_genre`` strings;
    * ``popularity`` is within 0-100.

    Then it drops the ``"Unnamed: 0"`` index column and **fills missing values
    in the text columns** (``artists``, ``album_name``, ``track_name``) with
    :data:`MISSING_TEXT` (``"(unknown)"``). In the public file exactly one row
    (index 65900, genre k-pop) has no artists, album or track name; it is kept
    because its audio features and popularity are complete. The number of
    rows that had any missing text is stored in
    ``df.attrs["filled_text_rows"]``.

    Returns:
        A new DataFrame with the columns :data:`COLUMNS` in order and a fresh
        ``RangeIndex``. ``raw`` is not modified.
    """
    if not isinstance(raw, pd.DataFrame):
        raise SchemaError(
            f"Expected a pandas DataFrame, got {type(raw).__name__}. "
            "Pass the frame returned by pandas.read_csv on spotify_tracks.csv."
        )
    redownload = (
        f"Make sure the file is the Spotify Tracks data set ({DATA_URL}); "
        f"re-download it (delete it and run load_tracks()) if it was modified"
    )
    if len(raw) == 0:
        raise SchemaError(f"The data has no rows. {redownload}.")

    columns = [str(c) for c in raw.columns]
    if len(set(columns)) != len(columns):
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        raise SchemaError(f"Duplicate columns: {', '.join(dupes)}. {redownload}.")
    missing = [c for c in RAW_COLUMNS if c not in columns]
    extra = [c for c in columns if c not in RAW_COLUMNS]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"missing columns: {', '.join(missing)}")
        if extra:
            parts.append(f"unexpected columns: {', '.join(extra)}")
        raise SchemaError(
            f"The data does not have the expected columns ({'; '.join(parts)}). "
            f"Expected exactly: {', '.join(RAW_COLUMNS)}. {redownload}."
        )

    na_counts = raw.isna().sum()
    bad_na = {
        c: int(na_counts[c]) for c in RAW_COLUMNS if c not in TEXT_COLUMNS and na_counts[c] > 0
    }
    if bad_na:
        listing = ", ".join(f"{c} ({n} rows)" for c, n in bad_na.items())
        raise SchemaError(
            f"Missing values in columns that must be complete: {listing}. {redownload}."
        )

    problems = [p for c in RAW_COLUMNS if (p := _dtype_problem(c, raw[c])) is not None]
    if problems:
        raise SchemaError(
            f"Columns with the wrong type: {'; '.join(problems)}. {redownload}."
        )

    low, high = _POPULARITY_RANGE
    popularity = raw["popularity"]
    out_of_range = (popularity < low) | (popularity > high)
    n_bad = int(out_of_range.sum())
    if n_bad:
        raise SchemaError(
            f"popularity must be between {low} and {high}, but {n_bad} rows are "
            f"outside that range (values found range from {popularity.min()} to "
            f"{popularity.max()}). {redownload}."
        )

    df = raw.loc[:, list(COLUMNS)].copy()
    text_missing = df[list(TEXT_COLUMNS)].isna()
    filled_rows = int(text_missing.any(axis=1).sum())
    for column in TEXT_COLUMNS:
        if text_missing[column].any():
            values = df[column]
            if not pd.api.types.is_string_dtype(values.dtype):
                values = values.astype(object)  # e.g. an all-missing float column
            df[column] = values.fillna(MISSING_TEXT)
    df = df.reset_index(drop=True)
    df.attrs = {"filled_text_rows": filled_rows}
    return df


def read_tracks_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read the CSV file at ``path`` and return the validated data set.

    Only empty fields count as missing values (so a track called "NA" or
    "None" keeps its name). See :func:`validate_tracks` for the checks and
    the cleaning done.

    Raises:
        DataNotFoundError: ``path`` does not exist.
        SchemaError: the file is empty, cannot be parsed as CSV, or does not
            have the data set's schema.
    """
    path = Path(path).expanduser()
    advice = (
        f"Replace {path} with a fresh copy of {DATA_FILENAME} from {DATA_URL} "
        f"(if it is the cached copy, delete it and re-run load_tracks() to "
        f"download it again)"
    )
    if not path.is_file():
        raise DataNotFoundError(
            f"The data file {path} does not exist. {_how_to_provide()}."
        )
    try:
        raw = pd.read_csv(path, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError as exc:
        raise SchemaError(f"The data file {path} is empty. {advice}.") from exc
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise SchemaError(
            f"The data file {path} could not be read as CSV ({exc}). {advice}."
        ) from exc
    if len(raw) == 0:
        raise SchemaError(
            f"The data file {path} has a header but no rows. {advice}."
        )
    try:
        return validate_tracks(raw)
    except SchemaError as exc:
        raise SchemaError(f"The data file {path} is not valid: {exc}") from exc


def load_tracks(
    path: str | os.PathLike[str] | None = None, *, download: bool = True
) -> pd.DataFrame:
    """Find (or download), read and validate the Spotify Tracks data set.

    Equivalent to ``read_tracks_csv(find_tracks_csv(path, download=download))``;
    see :func:`find_tracks_csv` for where the file is looked for and
    :func:`validate_tracks` for the checks and cleaning.

    Returns:
        A DataFrame with the 20 columns :data:`COLUMNS` (114,000 rows for the
        public file); ``df.attrs["filled_text_rows"]`` counts the rows whose
        missing artists/album/track name was filled with ``"(unknown)"``.
    """
    return read_tracks_csv(find_tracks_csv(path, download=download))
