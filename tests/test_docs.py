"""The README documents every column and every setting, as the code declares them."""

from __future__ import annotations

import re

import pytest

from dashboard import schema
from dashboard.schema import data_dictionary_markdown
from dashboard.settings import PROJECT_ROOT, SETTINGS, settings_markdown

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")


def block(name: str) -> str:
    found = re.search(rf"<!-- {name}:start -->\n(.*?)<!-- {name}:end -->", README, re.S)
    assert found, f"README.md has no {name} block"
    return found.group(1)


def test_data_dictionary_is_current():
    assert block("data-dictionary") == data_dictionary_markdown(), (
        "README.md's data dictionary differs from dashboard/schema.py: paste the output of "
        "`python -m dashboard schema` between the data-dictionary markers"
    )


@pytest.mark.parametrize(
    "column", [(t.filename, c.name) for t in schema.TABLES for c in t.columns], ids=str
)
def test_every_column_is_documented(column):
    filename, name = column
    section = block("data-dictionary").split(f"`{filename}`", 1)[1].split("### ", 1)[0]
    assert f"| `{name}` |" in section


def test_settings_are_current():
    assert block("settings") == settings_markdown()
    for setting in SETTINGS:
        assert f"`{setting.env}`" in README


def test_two_setup_commands():
    """One line each, in a virtual environment of their own (a Debian system Python refuses
    ``pip install`` outside one); CI runs the marked test command as the README gives it."""
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```bash\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2 and all("\n" not in c for c in commands)
    app, tests = commands
    for command in commands:
        assert "python3 -m venv .venv" in command
    assert app.endswith(".venv/bin/pip install -e . && .venv/bin/streamlit run app.py")
    assert tests.endswith(".venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest")
    marked = re.search(r"<!-- test-command -->\n```bash\n(.*?)\n```", README, re.S)
    assert marked and marked.group(1) == tests
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "test-command" in ci
