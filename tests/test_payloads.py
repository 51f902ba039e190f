"""The payload data directory used by the hostile-input browser test is valid and poisoned."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import schema
from dashboard.loader import load_dataset
from tests.payloads import FLAG, PAYLOADS, URL_PAYLOADS, text_columns, write_payload_data


@pytest.fixture(scope="module")
def payload_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_payload_data(tmp_path_factory.mktemp("payloads"))


def test_payload_data_passes_validation(payload_dir: Path, dataset) -> None:
    loaded = load_dataset(payload_dir)  # strict: raises on any problem
    assert len(loaded.events) == len(dataset.events)
    assert list(loaded.events["place_id"]) == list(dataset.events["place_id"])
    assert list(loaded.events["located"]) == list(dataset.events["located"])


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda t: t.name)
def test_every_text_field_holds_a_payload(payload_dir: Path, table: schema.Table) -> None:
    frame = getattr(load_dataset(payload_dir), table.name)
    columns = text_columns(table)
    assert columns, table.name
    for c in columns:
        for value in frame[c.name]:
            text = " ".join(value) if isinstance(value, tuple) else value
            assert any(p.replace(schema.LIST_SEPARATOR, "/") in text for p in PAYLOADS), (
                c.name,
                text[:80],
            )


def test_payloads_cover_the_issue(payload_dir: Path) -> None:
    joined = "\n".join(PAYLOADS)
    for needle in (
        "<script>",
        "onerror=",
        "<svg onload",
        "`",
        "${",
        "</script>",
        "javascript:",
        "data:text/html",
        '">',
        "'>",
        "\u202e",
        "\u200b",
        "✊",
    ):
        assert needle in joined, needle
    assert max(len(p) for p in PAYLOADS) >= 10_000
    assert all(FLAG in p for p in PAYLOADS if "<" in p or "${" in p)
    urls = set(load_dataset(payload_dir).sources["url"])
    assert urls == set(URL_PAYLOADS)
    assert all(u.startswith("https://") for u in urls)
