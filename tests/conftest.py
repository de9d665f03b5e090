from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "raw" / "000_805ee6a2f3a693a0.txt"


@pytest.fixture(scope="session")
def nlp() -> Any:
    from pipeline.nlp import load

    return load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
