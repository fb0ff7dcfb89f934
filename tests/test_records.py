"""Tests of helpers.records: choices saved by one notebook and read back by the next."""

from __future__ import annotations

from pathlib import Path

from helpers.records import load_record, save_record

SETTINGS = {"thresholds": (30, 70), "seed": 42, "epochs": 100}
CHOICES = {"class_weight": "sqrt_balanced", "features": ["tempo", "energy"], "genre": True,
           "network": {"width": 128, "depth": 2, "dropout": 0.1}}


def test_a_record_is_read_back_with_the_same_settings(tmp_path: Path) -> None:
    path = save_record(tmp_path / "artifacts" / "choices.json", SETTINGS, CHOICES)
    assert path.exists()
    assert load_record(path, {"thresholds": [30, 70], "seed": 42, "epochs": 100}) == CHOICES


def test_a_record_of_other_settings_is_not_used(tmp_path: Path) -> None:
    path = save_record(tmp_path / "choices.json", SETTINGS, CHOICES)
    assert load_record(path, {**SETTINGS, "thresholds": (70,)}) is None
    assert load_record(path, {**SETTINGS, "epochs": 2}) is None


def test_no_record_is_none(tmp_path: Path) -> None:
    assert load_record(tmp_path / "missing.json", SETTINGS) is None
