"""Small records of the choices one notebook made, for the notebooks after it.

Notebook 07 chooses, on its validation rows, the class weighting, the inputs and the network size; notebook 08 starts
from those choices, and saves its own for notebook 09. A record is a JSON file holding the ``settings`` it was made
with (e.g. the cut points, the seed and the epochs) and the ``choices``; it is read back only when the settings match,
as :func:`helpers.original_mlp.trained_original_mlp` does for saved networks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

CHOICES_07 = "artifacts/nb07_choices.json"
"""Where notebook 07 saves its choices for notebook 08."""
CHOICES_08 = "artifacts/nb08_choices.json"
"""Where notebook 08 saves its choices (the trees' settings, the final network) for notebook 09."""


def save_record(path: str | Path, settings: dict[str, Any], choices: dict[str, Any]) -> Path:
    """Write ``choices`` and the ``settings`` they were made with to the JSON file ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"settings": settings, "choices": choices}, indent=2, sort_keys=True))
    return path


def load_record(path: str | Path, settings: dict[str, Any]) -> dict[str, Any] | None:
    """The choices saved at ``path`` if they were made with these ``settings``, else ``None``
    (no file, or a record of other settings)."""
    path = Path(path)
    record = json.loads(path.read_text()) if path.exists() else {}
    same = record.get("settings") == json.loads(json.dumps(settings))  # tuples and lists compare alike
    return record["choices"] if same else None
