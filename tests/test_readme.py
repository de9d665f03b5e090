"""The README's install and run commands are what .ci/run runs, line for line."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def test_ci_runs_the_readme_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Install and run"):readme.index("## Usage")]
    commands = [line for block in re.findall(r"```bash\n(.*?)```", section, re.S) for line in block.splitlines()]
    assert commands == ['python3 -m pip install -e . && extract raw/ output/',
                        'python3 -m pip install -e ".[test]" && python3 -m pytest -q']
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    for command in commands:
        assert command in ci, f".ci/run does not run the README's {command!r}"
