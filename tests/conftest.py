from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "raw" / "000_805ee6a2f3a693a0.txt"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from pipeline.nlp.load import load

    return load()


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`extract` run once on a folder holding only the seed release (the tests only read its output)."""
    from pipeline.cli import main

    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SEED, raw / SEED.name)
    out = tmp_path_factory.mktemp("out")
    assert main([str(raw), str(out), "--quiet"]) == 0
    return out


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
