"""Tests for helpers.data: locating, downloading, validating and loading the data.

All tests use small synthetic files written into ``tmp_path``; downloads go to
a local HTTP server on 127.0.0.1. The ``test_real_*`` tests use the real file
named by the environment variable SPOTIFY_TRACKS_CSV and are skipped when it
is not set.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import socket
import threading
import time
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
    MISSING_TEXT,
    PATH_ENV_VAR,
    RAW_COLUMNS,
    TEXT_COLUMNS,
    DataError,
    DataNotFoundError,
    DownloadError,
    SchemaError,
)

N_ROWS = 50
GENRES = ("acoustic", "k-pop", "jazz", "metal", "samba")


# --------------------------------------------------------------------------
# Synthetic data
# --------------------------------------------------------------------------


def make_tracks(n: int = N_ROWS, seed: int = 0) -> pd.DataFrame:
    """A synthetic frame with the 20 data columns and a default RangeIndex.

    Written with ``df.to_csv(path)`` it has the same layout as the public file:
    an unnamed integer index first (header starting with ",").
    """
    rng = np.random.default_rng(seed)
    alphabet = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
    words = np.array(["Blue", "Night", "Love", "Song", "Rain", "Fire", "Road", "Home"])

    def title(k: int) -> list[str]:
        return [" ".join(rng.choice(words, size=rng.integers(1, 4))) for _ in range(k)]

    return pd.DataFrame(
        {
            "track_id": ["".join(rng.choice(alphabet, size=22)) for _ in range(n)],
            "artists": title(n),
            "album_name": title(n),
            "track_name": title(n),
            "popularity": rng.integers(0, 101, size=n),
            "duration_ms": rng.integers(30_000, 600_000, size=n),
            "explicit": rng.random(n) < 0.2,
            "danceability": rng.random(n).round(3),
            "energy": rng.random(n).round(3),
            "key": rng.integers(0, 12, size=n),
            "loudness": (-30 * rng.random(n)).round(3),
            "mode": rng.integers(0, 2, size=n),
            "speechiness": rng.random(n).round(4),
            "acousticness": rng.random(n).round(4),
            "instrumentalness": rng.random(n).round(6),
            "liveness": rng.random(n).round(3),
            "valence": rng.random(n).round(3),
            "tempo": (60 + 140 * rng.random(n)).round(3),
            "time_signature": rng.choice([3, 4, 5], size=n),
            "track_genre": rng.choice(GENRES, size=n),
        },
        columns=list(COLUMNS),
    )


def write_tracks(path: Path, df: pd.DataFrame | None = None) -> Path:
    """Write ``df`` (default: make_tracks()) like the public file and return path."""
    (make_tracks() if df is None else df).to_csv(path)
    return path


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_in(folder: Path) -> list[Path]:
    """Every file (at any depth) in ``folder``; [] if it does not exist."""
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Never touch the real per-user cache: point SPOTIFY_TRACKS_CACHE at tmp_path."""
    cache = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV_VAR, str(cache))
    return cache


@pytest.fixture
def cache_dir(_isolated_cache: Path) -> Path:
    return _isolated_cache


@pytest.fixture
def no_env_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PATH_ENV_VAR, raising=False)


@pytest.fixture
def tracks_csv(tmp_path: Path) -> Path:
    """A 50-row synthetic CSV file with the public file's layout."""
    return write_tracks(tmp_path / "synthetic.csv")


@pytest.fixture
def raw(tracks_csv: Path) -> pd.DataFrame:
    """The synthetic file as read by plain pandas (21 columns)."""
    return pd.read_csv(tracks_csv)


# --------------------------------------------------------------------------
# Local HTTP server
# --------------------------------------------------------------------------


class _Route:
    def __init__(
        self,
        body: bytes = b"",
        status: int = 200,
        declared_length: int | None = None,
        stall: float = 0.0,
    ) -> None:
        self.body = body
        self.status = status
        self.declared_length = declared_length
        self.stall = stall


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self.server.hits.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            route = _Route(b"not found", status=404)
        self.send_response(route.status)
        self.send_header("Content-Type", "text/csv")
        length = route.declared_length if route.declared_length is not None else len(route.body)
        self.send_header("Content-Length", str(length))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            self.wfile.write(route.body)
            self.wfile.flush()
            if route.stall:
                time.sleep(route.stall)
        except OSError:  # client gave up
            pass
        self.close_connection = True  # short body + close = interrupted download

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, _Route]
    hits: list[str]


class LocalServer:
    """A stdlib HTTP server on 127.0.0.1 (random port) in a background thread."""

    def __init__(self) -> None:
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}
        self.httpd.hits = []
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def hits(self) -> list[str]:
        return self.httpd.hits

    def serve(self, path: str, **kwargs: object) -> str:
        """Register a route and return its URL."""
        self.httpd.routes[path] = _Route(**kwargs)  # type: ignore[arg-type]
        return self.url(path)

    def url(self, path: str) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}{path}"

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def closed_port_url() -> str:
    """URL of a port on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/dataset.csv"


TIMEOUT = 5.0


# --------------------------------------------------------------------------
# Constants and the synthetic file itself
# --------------------------------------------------------------------------


def test_constants() -> None:
    assert data.DATA_FILENAME == "spotify_tracks.csv"
    assert data.PATH_ENV_VAR == "SPOTIFY_TRACKS_CSV"
    assert data.CACHE_ENV_VAR == "SPOTIFY_TRACKS_CACHE"
    assert len(RAW_COLUMNS) == 21 and RAW_COLUMNS[0] == "Unnamed: 0"
    assert tuple(COLUMNS) == tuple(RAW_COLUMNS[1:]) and len(COLUMNS) == 20
    assert TEXT_COLUMNS == ("artists", "album_name", "track_name")
    assert MISSING_TEXT == "(unknown)"
    assert len(data.DATA_SHA256) == 64
    assert data.DATA_URL.startswith("https://huggingface.co/")
    for exc in (DataNotFoundError, SchemaError, DownloadError):
        assert issubclass(exc, DataError)


def test_synthetic_file_has_public_layout(tracks_csv: Path, raw: pd.DataFrame) -> None:
    assert tracks_csv.read_text().startswith(",track_id,artists,")
    assert tuple(raw.columns) == RAW_COLUMNS
    assert raw["Unnamed: 0"].tolist() == list(range(N_ROWS))


# --------------------------------------------------------------------------
# validate_tracks / read_tracks_csv / load_tracks on good data
# --------------------------------------------------------------------------


def test_load_tracks_from_path(tracks_csv: Path) -> None:
    df = data.load_tracks(tracks_csv)
    expected = make_tracks()
    assert tuple(df.columns) == COLUMNS
    assert isinstance(df.index, pd.RangeIndex) and len(df) == N_ROWS
    assert df.attrs["filled_text_rows"] == 0
    pd.testing.assert_frame_equal(df, expected, check_dtype=False, check_exact=False)
    assert pd.api.types.is_integer_dtype(df["popularity"])
    assert pd.api.types.is_bool_dtype(df["explicit"])
    assert pd.api.types.is_float_dtype(df["danceability"])


def test_validate_returns_new_frame(raw: pd.DataFrame) -> None:
    before = raw.copy()
    shuffled = raw.sample(frac=1, random_state=1)  # non-default index
    df = data.validate_tracks(shuffled)
    assert df is not shuffled
    assert isinstance(df.index, pd.RangeIndex) and df.index[0] == 0
    assert "Unnamed: 0" not in df.columns
    pd.testing.assert_frame_equal(raw, before)


def test_validate_accepts_columns_in_any_order(raw: pd.DataFrame) -> None:
    df = data.validate_tracks(raw[list(reversed(RAW_COLUMNS))])
    assert tuple(df.columns) == COLUMNS


def test_missing_text_filled(tmp_path: Path) -> None:
    df = make_tracks()
    df.loc[7, list(TEXT_COLUMNS)] = np.nan
    df.loc[9, "album_name"] = np.nan
    path = write_tracks(tmp_path / "t.csv", df)
    out = data.load_tracks(path)
    assert out.loc[7, list(TEXT_COLUMNS)].tolist() == [MISSING_TEXT] * 3
    assert out.loc[9, "album_name"] == MISSING_TEXT
    assert out.loc[9, "artists"] == df.loc[9, "artists"]
    assert out.attrs["filled_text_rows"] == 2
    assert not out.isna().any().any()
    assert len(out) == N_ROWS


def test_literal_na_names_are_not_missing(tmp_path: Path) -> None:
    df = make_tracks()
    df.loc[3, "track_name"] = "NA"
    df.loc[4, "artists"] = "None"
    out = data.load_tracks(write_tracks(tmp_path / "t.csv", df))
    assert out.loc[3, "track_name"] == "NA"
    assert out.loc[4, "artists"] == "None"
    assert out.attrs["filled_text_rows"] == 0


# --------------------------------------------------------------------------
# Schema errors
# --------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(SchemaError, match="empty") as info:
        data.load_tracks(path)
    assert str(path) in str(info.value)


def test_header_only_file(tmp_path: Path) -> None:
    path = tmp_path / "header.csv"
    path.write_text("," + ",".join(COLUMNS) + "\n")
    with pytest.raises(SchemaError, match="no rows") as info:
        data.load_tracks(path)
    assert str(path) in str(info.value)


def test_unparsable_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\xff\xfe\x00garbage\x00\n\x00\x01,\x02\n")
    with pytest.raises(SchemaError) as info:
        data.load_tracks(path)
    assert str(path) in str(info.value)


def test_validate_no_rows(raw: pd.DataFrame) -> None:
    with pytest.raises(SchemaError, match="no rows"):
        data.validate_tracks(raw.iloc[:0])


def test_missing_column(raw: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="missing columns: energy"):
        data.validate_tracks(raw.drop(columns="energy"))
    path = tmp_path / "t.csv"
    make_tracks().drop(columns=["tempo", "key"]).to_csv(path)
    with pytest.raises(SchemaError, match="missing columns: key, tempo"):
        data.load_tracks(path)


def test_missing_index_column(raw: pd.DataFrame) -> None:
    with pytest.raises(SchemaError, match="missing columns: Unnamed: 0"):
        data.validate_tracks(raw.drop(columns="Unnamed: 0"))


def test_extra_column(raw: pd.DataFrame, tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match="unexpected columns: bonus"):
        data.validate_tracks(raw.assign(bonus=1))
    path = tmp_path / "t.csv"
    make_tracks().assign(bonus=1.5).to_csv(path)
    with pytest.raises(SchemaError, match="unexpected columns: bonus"):
        data.load_tracks(path)


def test_wrong_dtype_strings_in_feature(tmp_path: Path) -> None:
    df = make_tracks()
    df["danceability"] = df["danceability"].astype(str)
    df.loc[0, "danceability"] = "high"
    with pytest.raises(SchemaError, match="danceability") as info:
        data.load_tracks(write_tracks(tmp_path / "t.csv", df))
    assert "wrong type" in str(info.value)


@pytest.mark.parametrize(
    ("column", "value"),
    [("popularity", 50.5), ("key", "C#"), ("explicit", "maybe"), ("track_genre", 3)],
)
def test_wrong_dtype(raw: pd.DataFrame, column: str, value: object) -> None:
    bad = raw.copy()
    bad[column] = bad[column].astype(object)
    bad.loc[:, column] = value
    bad[column] = bad[column].infer_objects()
    with pytest.raises(SchemaError, match=f"wrong type: {column}"):
        data.validate_tracks(bad)


@pytest.mark.parametrize("column", ["energy", "popularity", "track_id", "explicit"])
def test_nan_in_required_column(tmp_path: Path, column: str) -> None:
    df = make_tracks()
    df[column] = df[column].astype(object)
    df.loc[[2, 5, 11], column] = np.nan
    with pytest.raises(SchemaError, match="Missing values") as info:
        data.load_tracks(write_tracks(tmp_path / "t.csv", df))
    assert f"{column} (3 rows)" in str(info.value)


@pytest.mark.parametrize("value", [101, -1])
def test_popularity_out_of_range(tmp_path: Path, value: int) -> None:
    df = make_tracks()
    df.loc[[1, 4], "popularity"] = value
    with pytest.raises(SchemaError, match="popularity must be between 0 and 100") as info:
        data.load_tracks(write_tracks(tmp_path / "t.csv", df))
    assert "2 rows" in str(info.value)
    assert str(value) in str(info.value)


def test_schema_error_messages_say_what_to_do(raw: pd.DataFrame) -> None:
    with pytest.raises(SchemaError) as info:
        data.validate_tracks(raw.drop(columns="energy"))
    assert "re-download" in str(info.value)


# --------------------------------------------------------------------------
# find_tracks_csv: precedence and missing files
# --------------------------------------------------------------------------


def test_missing_file_via_argument(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   tracks_csv: Path) -> None:
    monkeypatch.setenv(PATH_ENV_VAR, str(tracks_csv))  # must not fall through
    missing = tmp_path / "nope.csv"
    with pytest.raises(DataNotFoundError) as info:
        data.find_tracks_csv(missing)
    assert str(missing) in str(info.value)
    with pytest.raises(DataNotFoundError):
        data.load_tracks(missing)


def test_missing_file_via_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  cache_dir: Path, tracks_csv: Path) -> None:
    # a valid cached copy exists, but the env var wins and is wrong
    cache_dir.mkdir()
    write_tracks(cache_dir / DATA_FILENAME)
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(cache_dir / DATA_FILENAME))
    missing = tmp_path / "nope.csv"
    monkeypatch.setenv(PATH_ENV_VAR, str(missing))
    with pytest.raises(DataNotFoundError, match=PATH_ENV_VAR) as info:
        data.find_tracks_csv()
    assert str(missing) in str(info.value)


def test_argument_beats_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_file = write_tracks(tmp_path / "env.csv")
    arg_file = write_tracks(tmp_path / "arg.csv", make_tracks(n=10, seed=1))
    monkeypatch.setenv(PATH_ENV_VAR, str(env_file))
    assert data.find_tracks_csv(arg_file) == arg_file
    assert data.find_tracks_csv(str(arg_file)) == arg_file
    assert len(data.load_tracks(arg_file)) == 10


def test_env_var_beats_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                             cache_dir: Path) -> None:
    cache_dir.mkdir()
    cached = write_tracks(cache_dir / DATA_FILENAME)
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(cached))
    env_file = write_tracks(tmp_path / "env.csv", make_tracks(n=10, seed=1))
    monkeypatch.setenv(PATH_ENV_VAR, str(env_file))
    assert data.find_tracks_csv() == env_file
    assert len(data.load_tracks()) == 10


def test_cache_used_when_present(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                                 no_env_path: None) -> None:
    cache_dir.mkdir()
    cached = write_tracks(cache_dir / DATA_FILENAME)
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(cached))
    monkeypatch.setattr(data, "DATA_URL", "http://127.0.0.1:9/never-used.csv")
    assert data.find_tracks_csv(download=False) == cached
    assert data.find_tracks_csv() == cached
    assert len(data.load_tracks(download=False)) == N_ROWS


def test_nothing_found_without_download(cache_dir: Path, no_env_path: None) -> None:
    with pytest.raises(DataNotFoundError) as info:
        data.find_tracks_csv(download=False)
    message = str(info.value)
    assert PATH_ENV_VAR in message and str(cache_dir / DATA_FILENAME) in message
    assert files_in(cache_dir) == []


def test_corrupt_cache_without_download(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                                        no_env_path: None) -> None:
    cache_dir.mkdir()
    (cache_dir / DATA_FILENAME).write_text("half a file")
    with pytest.raises(DataNotFoundError, match="wrong SHA-256"):
        data.find_tracks_csv(download=False)
    assert files_in(cache_dir) == []


def test_corrupt_cache_replaced_by_download(
    monkeypatch: pytest.MonkeyPatch, cache_dir: Path, no_env_path: None,
    server: LocalServer, tracks_csv: Path,
) -> None:
    url = server.serve("/dataset.csv", body=tracks_csv.read_bytes())
    digest = sha256_of(tracks_csv)
    monkeypatch.setattr(data, "DATA_URL", url)
    monkeypatch.setattr(data, "DATA_SHA256", digest)
    cache_dir.mkdir()
    (cache_dir / DATA_FILENAME).write_text("corrupt")
    with pytest.warns(UserWarning, match="wrong SHA-256"):
        df = data.load_tracks()
    assert len(df) == N_ROWS
    assert files_in(cache_dir) == [cache_dir / DATA_FILENAME]
    assert sha256_of(cache_dir / DATA_FILENAME) == digest
    assert server.hits == ["/dataset.csv"]


def test_default_cache_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV_VAR, str(tmp_path / "x"))
    assert data.default_cache_dir() == tmp_path / "x"
    monkeypatch.delenv(CACHE_ENV_VAR)
    import pooch

    assert data.default_cache_dir() == Path(pooch.os_cache("spotify-popularity-course"))


# --------------------------------------------------------------------------
# Downloads against a local server
# --------------------------------------------------------------------------


def test_download_success(server: LocalServer, tracks_csv: Path, tmp_path: Path) -> None:
    url = server.serve("/dataset.csv", body=tracks_csv.read_bytes())
    folder = tmp_path / "dl"
    path = data.download_tracks(folder, url=url, sha256=sha256_of(tracks_csv),
                                progressbar=False, timeout=TIMEOUT)
    assert path == folder / DATA_FILENAME
    assert sha256_of(path) == sha256_of(tracks_csv)
    assert files_in(folder) == [path]
    # a second call finds the verified file and does not download again
    data.download_tracks(folder, url=url, sha256=sha256_of(tracks_csv),
                         progressbar=False, timeout=TIMEOUT)
    assert server.hits == ["/dataset.csv"]


def test_load_tracks_downloads(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                               no_env_path: None, server: LocalServer,
                               tracks_csv: Path) -> None:
    monkeypatch.setattr(data, "DATA_URL", server.serve("/dataset.csv",
                                                       body=tracks_csv.read_bytes()))
    monkeypatch.setattr(data, "DATA_SHA256", sha256_of(tracks_csv))
    df = data.load_tracks()
    assert len(df) == N_ROWS and tuple(df.columns) == COLUMNS
    assert files_in(cache_dir) == [cache_dir / DATA_FILENAME]
    # second load comes from the cache
    assert len(data.load_tracks(download=False)) == N_ROWS
    assert server.hits == ["/dataset.csv"]


def _assert_download_fails(cache: Path, url: str, sha256: str, *patterns: str) -> str:
    with pytest.raises(DownloadError) as info:
        data.download_tracks(cache, url=url, sha256=sha256, progressbar=False,
                             timeout=TIMEOUT)
    message = str(info.value)
    assert info.value.__cause__ is not None
    assert PATH_ENV_VAR in message  # says what to do
    for pattern in patterns:
        assert pattern in message
    assert files_in(cache) == [], f"left behind: {files_in(cache)}"
    return message


def test_download_hash_mismatch(server: LocalServer, tracks_csv: Path,
                                tmp_path: Path) -> None:
    url = server.serve("/dataset.csv", body=tracks_csv.read_bytes())
    _assert_download_fails(tmp_path / "dl", url, "0" * 64, "SHA-256", "0" * 64)


@pytest.mark.parametrize("status", [404, 500])
def test_download_http_error(server: LocalServer, tmp_path: Path, status: int) -> None:
    url = server.serve("/dataset.csv", body=b"nope", status=status)
    _assert_download_fails(tmp_path / "dl", url, "0" * 64, str(status), url)


def test_download_connection_refused(closed_port_url: str, tmp_path: Path) -> None:
    _assert_download_fails(tmp_path / "dl", closed_port_url, "0" * 64, "connect")


def test_download_interrupted(server: LocalServer, tracks_csv: Path,
                              tmp_path: Path) -> None:
    body = tracks_csv.read_bytes()
    url = server.serve("/dataset.csv", body=body[: len(body) // 2],
                       declared_length=len(body))
    _assert_download_fails(tmp_path / "dl", url, sha256_of(tracks_csv),
                           "connection broke", "discarded")


def test_download_stalled(server: LocalServer, tracks_csv: Path, tmp_path: Path) -> None:
    body = tracks_csv.read_bytes()
    url = server.serve("/dataset.csv", body=body[:100], declared_length=len(body),
                       stall=3.0)
    start = time.perf_counter()
    with pytest.raises(DownloadError) as info:
        data.download_tracks(tmp_path / "dl", url=url, sha256=sha256_of(tracks_csv),
                             progressbar=False, timeout=0.5)
    assert url in str(info.value)
    assert time.perf_counter() - start < 2.5
    assert files_in(tmp_path / "dl") == []


def test_failed_download_removes_stale_file(server: LocalServer, tracks_csv: Path,
                                            tmp_path: Path) -> None:
    folder = tmp_path / "dl"
    folder.mkdir()
    (folder / DATA_FILENAME).write_text("stale")
    url = server.serve("/dataset.csv", body=b"", status=500)
    _assert_download_fails(folder, url, sha256_of(tracks_csv))


def test_load_tracks_download_failure(monkeypatch: pytest.MonkeyPatch, cache_dir: Path,
                                      no_env_path: None, closed_port_url: str) -> None:
    monkeypatch.setattr(data, "DATA_URL", closed_port_url)
    with pytest.raises(DownloadError):
        data.load_tracks()
    assert files_in(cache_dir) == []


# --------------------------------------------------------------------------
# The real file (skipped unless SPOTIFY_TRACKS_CSV is set)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_tracks() -> pd.DataFrame:
    if not os.environ.get(PATH_ENV_VAR):
        pytest.skip(f"{PATH_ENV_VAR} is not set: real-data tests need the real CSV file")
    return data.load_tracks(download=False)


def test_real_loads(real_tracks: pd.DataFrame) -> None:
    assert tuple(real_tracks.columns) == COLUMNS
    assert len(real_tracks.columns) == 20
    assert isinstance(real_tracks.index, pd.RangeIndex)


def test_real_shape_and_genres(real_tracks: pd.DataFrame) -> None:
    assert len(real_tracks) == 114_000
    assert real_tracks["track_genre"].nunique() == 114
    assert (real_tracks["track_genre"].value_counts() == 1000).all()


def test_real_one_filled_text_row(real_tracks: pd.DataFrame) -> None:
    assert real_tracks.attrs["filled_text_rows"] == 1
    filled = real_tracks[(real_tracks[list(TEXT_COLUMNS)] == MISSING_TEXT).all(axis=1)]
    assert len(filled) == 1
    assert filled.index[0] == 65900
    assert filled["track_genre"].iloc[0] == "k-pop"
    assert not real_tracks.isna().any().any()


def test_real_popularity_range(real_tracks: pd.DataFrame) -> None:
    assert real_tracks["popularity"].between(0, 100).all()
    assert pd.api.types.is_integer_dtype(real_tracks["popularity"])
