"""docs/example.md runs: every Python cell, in order, in one namespace, next to a fresh run's output/."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT


def _cells() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "docs" / "example.md").read_text(encoding="utf-8"), re.S)


@pytest.mark.model
def test_the_notebook_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("polars")
    pytest.importorskip("matplotlib")
    from pipeline.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    for path in sorted((FIXTURES / "corpus" / "raw").glob("*.txt")):  # 14 county releases, money in several
        shutil.copy(path, raw / path.name)
    assert main([str(raw), str(tmp_path / "output"), "--workers", "1", "-q"]) == 0
    monkeypatch.chdir(tmp_path)
    cells = _cells()
    assert len(cells) == 5
    namespace: dict[str, object] = {}
    for cell in cells:
        exec(compile(cell, "docs/example.md", "exec"), namespace)  # noqa: S102  # the page's own code
    assert len(namespace["dated"]) >= 3  # type: ignore[arg-type]  # months with money figures, drawn
    assert (tmp_path / "money_by_month.png").stat().st_size > 5_000
