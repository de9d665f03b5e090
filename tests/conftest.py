from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SEED = FIXTURES / "raw" / "000_805ee6a2f3a693a0.txt"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's, driven by Playwright (never a downloaded browser)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def artefacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where tests leave what a person may want to look at (screenshots): a tmp dir, never the source tree."""
    return tmp_path_factory.mktemp("artefacts", numbered=False)

# Hypothesis keeps no example database in the source tree (tests write only to temporary folders).
settings.register_profile("pipeline", database=None)
settings.load_profile("pipeline")

# Fixtures that load the real spaCy pipeline (directly or through a run): a test that uses one must carry the
# `model` marker, and a test without it that loads the model in any other way fails too (see _no_model_unmarked).
MODEL_FIXTURES = frozenset({"nlp", "seed_run"})
MODEL_MARKER_MESSAGE = "loads the spaCy model but has no @pytest.mark.model (add it, or build the Doc by hand)"


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("model") is None:
        used = MODEL_FIXTURES & set(getattr(item, "fixturenames", ()))
        if used:
            pytest.fail(f"{item.nodeid} uses {sorted(used)}: {MODEL_MARKER_MESSAGE}", pytrace=False)


@pytest.fixture(autouse=True)
def _no_model_unmarked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Outside `model` tests, loading a pipeline (spacy.load) or starting model workers fails the test."""
    if request.node.get_closest_marker("model") is not None:
        yield
        return
    import spacy

    from pipeline import api
    from pipeline.nlp import load
    from pipeline.run import executor

    def refuse(*args: Any, **kwargs: Any) -> Any:
        pytest.fail(f"{request.node.nodeid} {MODEL_MARKER_MESSAGE}", pytrace=False)

    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(load, "load", refuse)
    monkeypatch.setattr(api, "_model", refuse)  # cached across tests: a marked test may have loaded it
    monkeypatch.setattr(executor, "model", refuse)
    monkeypatch.setattr(executor, "get_context", refuse)  # worker processes load the model
    monkeypatch.setattr(executor, "_dask", refuse)
    yield


_STARTED = time.time()
_SKIPPED_DIRS = frozenset({".git", "__pycache__", ".pytest_cache", ".hypothesis", "output", ".venv", "results"})


def _written_since(root: Path, since: float) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith((".venv", "bench/.venv"))]
        for name in files:
            path = Path(folder) / name
            try:
                if path.stat().st_mtime > since:
                    out.append(str(path.relative_to(root)))
            except OSError:
                continue
    return sorted(out)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Tests never write into the source tree: a file under the repository written during the run fails it in CI
    (CI=true, as .ci/run is run); elsewhere it is a warning, since a person may edit files while tests run."""
    written = _written_since(ROOT, _STARTED)
    if written:
        print(f"\nwritten into the source tree during the tests: {written}")
        if os.environ.get("CI"):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


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
