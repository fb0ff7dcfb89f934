"""helpers.data: where the file is found, how it is downloaded, and how it is checked.

Every file here is synthetic (written with ``df.to_csv(path)``, which gives the
public file's layout: an unnamed integer index column first). Downloads come from
a stdlib HTTP server on 127.0.0.1 in a thread. ``SPOTIFY_TRACKS_CACHE`` always
points into ``tmp_path`` and ``SPOTIFY_TRACKS_CSV`` is unset, so the user's cache
and settings are never touched. Only the ``test_real_*`` tests read the real file.
"""

from __future__ import annotations

import hashlib
import http.server
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers import data
from helpers.data import (
    CACHE_ENV_VAR,
    COLUMNS,
    DATA_FILENAME,
    INDEX_COLUMN,
    MISSING_TEXT,
    PATH_ENV_VAR,
    TEXT_COLUMNS,
    DataError,
    DataNotFoundError,
    DownloadError,
    SchemaError,
)
from helpers.exercises.synthetic import synthetic_tracks

# --------------------------------------------------------------------------
# Synthetic files
# --------------------------------------------------------------------------


def write_csv(path: Path, frame: pd.DataFrame | None = None) -> Path:
    """Write ``frame`` (default: 40 synthetic songs) with the public file's layout."""
    (synthetic_tracks(40, seed=1) if frame is None else frame).to_csv(path)
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> list[Path]:
    """Every file below ``folder`` ([] when it does not exist)."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


@pytest.fixture
def frame() -> pd.DataFrame:
    return synthetic_tracks(40, seed=1)


@pytest.fixture
def csv_file(tmp_path: Path, frame: pd.DataFrame) -> Path:
    return write_csv(tmp_path / "synthetic.csv", frame)


@pytest.fixture
def raw(csv_file: Path) -> pd.DataFrame:
    """The synthetic file as plain pandas reads it (21 columns, the index column first)."""
    return pd.read_csv(csv_file, keep_default_na=False, na_values=[""])


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache folder, inside tmp_path; ``SPOTIFY_TRACKS_CSV`` unset."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(folder))
    monkeypatch.delenv(PATH_ENV_VAR, raising=False)
    return folder


# --------------------------------------------------------------------------
# A local HTTP server
# --------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        status, body, declared = self.server.routes.get(self.path, (404, b"not found", None))  # type: ignore[attr-defined]
        self.send_response(status)
        self.send_header("Content-Type", "text/csv")
        self.send_header("Content-Length", str(len(body) if declared is None else declared))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(body)
            self.wfile.flush()
        except OSError:  # the client gave up
            pass
        self.close_connection = True  # a body shorter than declared, then close: an interrupted download

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class LocalServer:
    """A stdlib HTTP server on 127.0.0.1 (a free port) in a background thread, counting requests."""

    def __init__(self) -> None:
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.routes = {}  # type: ignore[attr-defined]
        self.httpd.hits = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits  # type: ignore[attr-defined]

    def serve(self, path: str, body: bytes, status: int = 200, declared_length: int | None = None) -> str:
        """Answer GET ``path`` with ``body`` (declaring ``declared_length`` bytes if given); return its URL."""
        self.httpd.routes[path] = (status, body, declared_length)  # type: ignore[attr-defined]
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    try:
        yield local
    finally:
        local.stop()


@pytest.fixture
def published(server: LocalServer, csv_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The synthetic file served locally as the course's DATA_URL, with its checksum as DATA_SHA256."""
    url = server.serve("/dataset.csv", csv_file.read_bytes())
    monkeypatch.setattr(data, "DATA_URL", url)
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(csv_file))
    return url


@pytest.fixture
def refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/dataset.csv"


# --------------------------------------------------------------------------
# Reading and checking a good file
# --------------------------------------------------------------------------


def test_synthetic_file_has_the_public_layout(csv_file: Path, raw: pd.DataFrame) -> None:
    assert csv_file.read_text().startswith(",track_id,artists,album_name,track_name,popularity,")
    assert list(raw.columns) == [INDEX_COLUMN, *COLUMNS]
    assert len(COLUMNS) == 20


def test_load_tracks_returns_the_data_with_their_types(csv_file: Path, frame: pd.DataFrame) -> None:
    tracks = data.load_tracks(csv_file)
    assert list(tracks.columns) == list(COLUMNS)
    assert isinstance(tracks.index, pd.RangeIndex) and tracks.index[0] == 0
    pd.testing.assert_frame_equal(tracks, frame, check_dtype=False)
    assert tracks.attrs["filled_text_rows"] == 0
    assert pd.api.types.is_integer_dtype(tracks["popularity"])
    assert pd.api.types.is_bool_dtype(tracks["explicit"])
    assert pd.api.types.is_float_dtype(tracks["danceability"])
    for name in data.STRING_COLUMNS:
        assert pd.api.types.is_string_dtype(tracks[name]), name


def test_validate_accepts_columns_in_any_order_and_renumbers_the_rows(raw: pd.DataFrame) -> None:
    shuffled = raw[list(reversed(raw.columns))].sample(frac=1, random_state=0)
    tracks = data.validate_tracks(shuffled)
    assert list(tracks.columns) == list(COLUMNS)
    assert tracks.index.tolist() == list(range(len(raw)))
    assert INDEX_COLUMN not in tracks.columns


def test_missing_names_are_filled_and_counted(tmp_path: Path, frame: pd.DataFrame) -> None:
    frame.loc[3, list(TEXT_COLUMNS)] = np.nan  # like the public file's row 65900
    frame.loc[8, "album_name"] = np.nan
    tracks = data.load_tracks(write_csv(tmp_path / "gaps.csv", frame))
    assert tracks.loc[3, list(TEXT_COLUMNS)].tolist() == [MISSING_TEXT] * 3
    assert tracks.loc[8, "album_name"] == MISSING_TEXT
    assert tracks.loc[8, "track_name"] == frame.loc[8, "track_name"]
    assert tracks.attrs["filled_text_rows"] == 2
    assert not tracks.isna().any().any()
    assert tracks.loc[3, "energy"] == pytest.approx(frame.loc[3, "energy"])  # the row is kept, features and all
    for name in TEXT_COLUMNS:
        assert pd.api.types.is_string_dtype(tracks[name]), name


def test_a_name_column_with_no_text_at_all_is_filled_as_text(tmp_path: Path, frame: pd.DataFrame) -> None:
    frame["album_name"] = np.nan  # read back as a column of numbers (all NaN)
    tracks = data.load_tracks(write_csv(tmp_path / "no-albums.csv", frame))
    assert (tracks["album_name"] == MISSING_TEXT).all()
    assert pd.api.types.is_string_dtype(tracks["album_name"])
    assert tracks.attrs["filled_text_rows"] == len(frame)


def test_names_that_read_like_missing_values_are_kept(tmp_path: Path, frame: pd.DataFrame) -> None:
    frame.loc[2, "track_name"] = "NA"
    frame.loc[4, "artists"] = "None"
    frame.loc[5, "album_name"] = "null"
    tracks = data.load_tracks(write_csv(tmp_path / "na.csv", frame))
    assert tracks.loc[2, "track_name"] == "NA"
    assert tracks.loc[4, "artists"] == "None"
    assert tracks.loc[5, "album_name"] == "null"
    assert tracks.attrs["filled_text_rows"] == 0


# --------------------------------------------------------------------------
# Files that are not the data set
# --------------------------------------------------------------------------


def assert_schema_error(path: Path, *fragments: str) -> str:
    """Loading ``path`` raises a SchemaError naming the file, what is wrong, and what to do."""
    with pytest.raises(SchemaError) as info:
        data.load_tracks(path)
    message = str(info.value)
    assert str(path) in message
    assert data.DATA_URL in message  # says where a good copy comes from
    for fragment in fragments:
        assert fragment in message
    return message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    assert_schema_error(path, "could not be read")


def test_header_only_file(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = write_csv(tmp_path / "header.csv", frame.iloc[:0])
    assert_schema_error(path, "no rows")


@pytest.mark.parametrize("content", [b"\xff\xfe\x00\x81garbage\x00\n\x00\x01,\x02\n", b'a,b\n"1,2\n'])
def test_unparsable_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(content)
    assert_schema_error(path, "could not be read")


def test_missing_columns(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = write_csv(tmp_path / "t.csv", frame.drop(columns=["tempo", "key"]))
    assert_schema_error(path, "missing columns: key, tempo")


def test_missing_index_column(raw: pd.DataFrame) -> None:
    with pytest.raises(SchemaError, match=f"missing columns: {INDEX_COLUMN}"):
        data.validate_tracks(raw.drop(columns=INDEX_COLUMN))


def test_extra_column(tmp_path: Path, frame: pd.DataFrame) -> None:
    path = write_csv(tmp_path / "t.csv", frame.assign(bonus=1.5))
    message = assert_schema_error(path, "unexpected or repeated columns: bonus")
    assert "missing columns" not in message


def test_duplicated_column(tmp_path: Path, frame: pd.DataFrame, raw: pd.DataFrame) -> None:
    doubled = pd.concat([raw, raw[["energy"]]], axis=1)
    with pytest.raises(SchemaError, match="repeated columns: energy"):
        data.validate_tracks(doubled)
    path = tmp_path / "t.csv"
    pd.concat([frame, frame[["energy"]]], axis=1).to_csv(path)  # pandas reads the second as "energy.1"
    assert_schema_error(path, "energy.1")


@pytest.mark.parametrize("column", ["energy", "popularity", "track_id", "track_genre", "explicit"])
def test_missing_values_outside_the_names(tmp_path: Path, frame: pd.DataFrame, column: str) -> None:
    frame[column] = frame[column].astype(object)
    frame.loc[[2, 5, 11], column] = np.nan
    assert_schema_error(write_csv(tmp_path / "t.csv", frame), "Missing values", f"{column} (3 rows)")


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("popularity", 50.5, "popularity (expected whole numbers"),
        ("key", "C#", "key (expected whole numbers"),
        ("danceability", "high", "danceability (expected numbers"),
        ("explicit", "maybe", "explicit (expected True/False"),
    ],
)
def test_wrong_types(tmp_path: Path, frame: pd.DataFrame, column: str, value: object, expected: str) -> None:
    frame[column] = frame[column].astype(object)
    frame.loc[4, column] = value
    assert_schema_error(write_csv(tmp_path / "t.csv", frame), "wrong type", expected)


def test_numbers_where_text_belongs(tmp_path: Path, frame: pd.DataFrame) -> None:
    frame["track_genre"] = np.arange(len(frame))
    assert_schema_error(write_csv(tmp_path / "t.csv", frame), "wrong type", "track_genre (expected text")


@pytest.mark.parametrize("value", [101, -1])
def test_popularity_outside_0_to_100(tmp_path: Path, frame: pd.DataFrame, value: int) -> None:
    frame.loc[[1, 4], "popularity"] = value
    assert_schema_error(write_csv(tmp_path / "t.csv", frame), "popularity must lie within 0-100", "2 rows")


def test_popularity_at_the_ends_of_the_range_is_fine(tmp_path: Path, frame: pd.DataFrame) -> None:
    frame.loc[0, "popularity"], frame.loc[1, "popularity"] = 0, 100
    assert data.load_tracks(write_csv(tmp_path / "t.csv", frame))["popularity"].agg(["min", "max"]).tolist() == [0, 100]


def test_validate_rejects_a_frame_without_rows(raw: pd.DataFrame) -> None:
    with pytest.raises(SchemaError, match="no rows"):
        data.validate_tracks(raw.iloc[:0])


def test_error_classes() -> None:
    for error in (DataNotFoundError, DownloadError, SchemaError):
        assert issubclass(error, DataError)
    assert issubclass(DataNotFoundError, FileNotFoundError)  # `except FileNotFoundError` keeps working
    assert issubclass(SchemaError, ValueError)


# --------------------------------------------------------------------------
# Where the file is found: path > SPOTIFY_TRACKS_CSV > cache or download
# --------------------------------------------------------------------------


def test_a_given_path_wins(tmp_path: Path, cache: Path, published: str, server: LocalServer,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    named = write_csv(tmp_path / "named.csv", synthetic_tracks(10, seed=2))
    given = write_csv(tmp_path / "given.csv", synthetic_tracks(5, seed=3))
    monkeypatch.setenv(PATH_ENV_VAR, str(named))
    assert data.find_tracks_csv(given) == given
    assert data.find_tracks_csv(str(given)) == given
    assert len(data.load_tracks(given)) == len(synthetic_tracks(5, seed=3))
    assert server.hits == [] and files_in(cache) == []


def test_a_missing_path_says_so_and_does_not_fall_back(tmp_path: Path, cache: Path, published: str,
                                                      server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(PATH_ENV_VAR, str(write_csv(tmp_path / "named.csv")))  # valid, but not asked for
    missing = tmp_path / "nope.csv"
    with pytest.raises(DataNotFoundError) as info:
        data.load_tracks(missing)
    assert str(missing) in str(info.value) and "Fix the path" in str(info.value)
    assert server.hits == []


def test_spotify_tracks_csv_wins_over_cache_and_download(tmp_path: Path, cache: Path, published: str,
                                                         server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    data.load_tracks()  # fills the cache
    assert server.hits == ["/dataset.csv"]
    named = write_csv(tmp_path / "named.csv", synthetic_tracks(7, seed=4))
    monkeypatch.setenv(PATH_ENV_VAR, str(named))
    assert data.find_tracks_csv() == named
    assert len(data.load_tracks()) == len(synthetic_tracks(7, seed=4))
    assert server.hits == ["/dataset.csv"]


def test_spotify_tracks_csv_pointing_nowhere(tmp_path: Path, cache: Path, published: str,
                                             server: LocalServer, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "moved" / "spotify.csv"
    monkeypatch.setenv(PATH_ENV_VAR, str(missing))
    with pytest.raises(DataNotFoundError) as info:
        data.load_tracks()
    message = str(info.value)
    assert PATH_ENV_VAR in message and str(missing) in message
    assert "unset it" in message  # what to do
    assert server.hits == [] and files_in(cache) == []  # no silent download instead


def test_an_empty_spotify_tracks_csv_counts_as_unset(cache: Path, published: str, server: LocalServer,
                                                     monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame) -> None:
    monkeypatch.setenv(PATH_ENV_VAR, "")
    assert len(data.load_tracks()) == len(frame)
    assert server.hits == ["/dataset.csv"]


def test_cache_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "here"))
    assert data.cache_dir() == tmp_path / "here"
    monkeypatch.setenv(CACHE_ENV_VAR, "~/somewhere")
    assert data.cache_dir() == Path.home() / "somewhere"
    monkeypatch.delenv(CACHE_ENV_VAR)
    assert data.cache_dir().name == "spotify-popularity-course"  # the user's cache folder (not created here)


# --------------------------------------------------------------------------
# Downloading (from the local server)
# --------------------------------------------------------------------------


def test_download_then_cache_hit_is_silent(cache: Path, published: str, server: LocalServer,
                                           csv_file: Path, frame: pd.DataFrame, capfd: pytest.CaptureFixture) -> None:
    first = data.load_tracks()
    assert len(first) == len(frame)
    assert files_in(cache) == [cache / DATA_FILENAME]
    assert sha256_of(cache / DATA_FILENAME) == sha256_of(csv_file)
    assert server.hits == ["/dataset.csv"]
    capfd.readouterr()  # forget the first download's progress bar
    second = data.load_tracks()
    out, err = capfd.readouterr()
    assert (out, err) == ("", "")  # no progress bar, no log line on a cache hit
    assert server.hits == ["/dataset.csv"]  # nothing downloaded again
    pd.testing.assert_frame_equal(first, second)


def test_download_tracks_with_explicit_arguments(tmp_path: Path, server: LocalServer, csv_file: Path,
                                                 capfd: pytest.CaptureFixture) -> None:
    url = server.serve("/elsewhere.csv", csv_file.read_bytes())
    folder = tmp_path / "explicit"
    path = data.download_tracks(folder, url=url, sha256=sha256_of(csv_file), progressbar=False)
    assert path == folder / DATA_FILENAME and sha256_of(path) == sha256_of(csv_file)
    capfd.readouterr()
    assert data.download_tracks(folder, url=url, sha256=sha256_of(csv_file), progressbar=False) == path
    assert capfd.readouterr() == ("", "")
    assert server.hits == ["/elsewhere.csv"]


def test_a_corrupt_cached_copy_is_downloaded_again(cache: Path, published: str, server: LocalServer,
                                                   csv_file: Path) -> None:
    cache.mkdir()
    (cache / DATA_FILENAME).write_text("half a file")
    data.load_tracks()
    assert server.hits == ["/dataset.csv"]
    assert sha256_of(cache / DATA_FILENAME) == sha256_of(csv_file)


def assert_download_error(cache: Path, *fragments: str) -> str:
    """load_tracks() raises a DownloadError that says what to do, and leaves nothing in the cache."""
    with pytest.raises(DownloadError) as info:
        data.load_tracks()
    message = str(info.value)
    assert info.value.__cause__ is not None  # the underlying error is kept for debugging
    assert PATH_ENV_VAR in message and "try again" in message  # what to do
    for fragment in fragments:
        assert fragment in message
    assert files_in(cache) == [], f"left behind: {files_in(cache)}"
    return message


def test_wrong_checksum_discards_the_download(cache: Path, published: str, server: LocalServer,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "DATA_SHA256", "0" * 64)
    assert_download_error(cache, "SHA-256", "discarded", published)
    assert server.hits == ["/dataset.csv"]


@pytest.mark.parametrize("status", [404, 500])
def test_http_error(cache: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch, status: int) -> None:
    url = server.serve("/dataset.csv", b"no luck", status=status)
    monkeypatch.setattr(data, "DATA_URL", url)
    assert_download_error(cache, str(status), url, "nothing was saved")


def test_connection_refused(cache: Path, refused_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(data, "DATA_URL", refused_url)
    assert_download_error(cache, refused_url, "nothing was saved")


def test_interrupted_download(cache: Path, server: LocalServer, csv_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = csv_file.read_bytes()
    url = server.serve("/dataset.csv", body[: len(body) // 2], declared_length=len(body))
    monkeypatch.setattr(data, "DATA_URL", url)
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(csv_file))
    assert_download_error(cache, url, "nothing was saved")


@pytest.mark.parametrize("url", ["htps://127.0.0.1/dataset.csv", "http:///dataset.csv"])
def test_a_malformed_url_is_not_reported_as_a_checksum_failure(cache: Path, monkeypatch: pytest.MonkeyPatch,
                                                                url: str) -> None:
    """requests' InvalidURL and InvalidSchema are ValueErrors too, like pooch's checksum mismatch."""
    monkeypatch.setattr(data, "DATA_URL", url)
    message = assert_download_error(cache, url)
    assert "checksum" not in message


def test_a_checked_cached_copy_is_used_without_asking_the_server(cache: Path, published: str, server: LocalServer,
                                                              monkeypatch: pytest.MonkeyPatch, frame: pd.DataFrame) -> None:
    data.load_tracks()
    monkeypatch.setattr(data, "DATA_URL", server.serve("/gone.csv", b"", status=500))
    assert len(data.load_tracks()) == len(frame)  # the checked copy is used, the server is not asked
    assert server.hits == ["/dataset.csv"]


# --------------------------------------------------------------------------
# The real file (skipped unless SPOTIFY_TRACKS_CSV names it)
# --------------------------------------------------------------------------


def test_real_file_has_the_published_checksum(real_tracks_path: Path) -> None:
    assert sha256_of(real_tracks_path) == data.DATA_SHA256


def test_real_file_loads(real_tracks: pd.DataFrame) -> None:
    assert real_tracks.shape == (114_000, 20)
    assert list(real_tracks.columns) == list(COLUMNS)
    assert real_tracks["track_id"].nunique() == 89_741
    assert real_tracks["track_genre"].nunique() == 114
    assert real_tracks["popularity"].between(0, 100).all()
    assert not real_tracks.isna().any().any()
    for name in data.STRING_COLUMNS:
        assert pd.api.types.is_string_dtype(real_tracks[name]), name


def test_real_file_has_one_row_without_names(real_tracks: pd.DataFrame) -> None:
    assert real_tracks.attrs["filled_text_rows"] == 1
    unnamed = real_tracks.index[(real_tracks[list(TEXT_COLUMNS)] == MISSING_TEXT).all(axis=1)]
    assert unnamed.tolist() == [65_900]
