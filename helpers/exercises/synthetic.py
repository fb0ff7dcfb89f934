"""Small synthetic track tables, shaped like the real data set, for checking exercises and for tests.

They never contain rows of the real data: every value is drawn at random. Songs
repeat the way they do in the real data: about a third are listed again under a
second genre (same ``track_id``), and about a sixth again under a new ``track_id``
(a single and its album version).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

GENRES = ("acoustic", "k-pop", "metal", "jazz", "samba")


def synthetic_tracks(n_songs: int = 120, seed: int = 0) -> pd.DataFrame:
    """A random table with the 20 columns of :func:`helpers.data.load_tracks`, about 1.5 rows a song."""
    rng = np.random.default_rng(seed)
    rows = []
    for song in range(n_songs):
        genre = GENRES[song % len(GENRES)]
        row = {
            "track_id": f"id{seed:03d}{song:05d}",
            "artists": f"Artist {song % 37}",
            "album_name": f"Album {song}",
            "track_name": f"Song {song}",
            "popularity": int(rng.choice([0, rng.integers(0, 101)], p=[0.15, 0.85])),
            "duration_ms": int(rng.integers(60_000, 400_000)),
            "explicit": bool(rng.random() < 0.1),
            "danceability": float(rng.random()),
            "energy": float(rng.random()),
            "key": int(rng.integers(0, 12)),
            "loudness": float(-30 * rng.random()),
            "mode": int(rng.integers(0, 2)),
            "speechiness": float(rng.random()),
            "acousticness": float(rng.random()),
            "instrumentalness": float(rng.random()),
            "liveness": float(rng.random()),
            "valence": float(rng.random()),
            "tempo": float(60 + 120 * rng.random()),
            "time_signature": int(rng.choice([3, 4, 4, 4, 5])),
            "track_genre": genre,
        }
        rows.append(row)
        if song % 3 == 0:
            rows.append({**row, "track_genre": GENRES[(song + 1) % len(GENRES)]})
        if song % 6 == 1:
            rows.append({**row, "track_id": f"single{seed:03d}{song:05d}", "album_name": f"Single {song}",
                         "popularity": int(rng.integers(0, 101))})
    return pd.DataFrame(rows)
