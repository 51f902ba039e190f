"""Property tests: whatever bytes arrive, reading gives data or located problems, nothing else.

The loader (``read_table``, ``load_dataset``) and the upload reader are fed arbitrary bytes and
mutations of the bundled CSV files: dropped, repeated and swapped fields, random text with
quotes, NULs, control and right-to-left characters, huge cells, files cut short. Each either
loads or reports our problems (file, line, column): never another exception, never a hang.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import schema
from dashboard.errors import DataError, Problem
from dashboard.loader import Dataset, load_dataset, read_table
from dashboard.settings import BUNDLED_DATA
from dashboard.upload import FIELD_SYNONYMS, read_upload

DEEP = int(os.environ.get("FUZZ_EXAMPLES", "0"))
"""Set FUZZ_EXAMPLES=2000 for a long, random search; the default run is short and repeatable."""

FUZZ = settings(
    max_examples=DEEP or 50,
    deadline=10_000,  # ms per example: a hang fails; a busy machine (about 4 s seen) does not
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=not DEEP,
    database=None,
)

FILES = {t.name: (BUNDLED_DATA / t.filename).read_text("utf-8") for t in schema.TABLES}
BASE = load_dataset(BUNDLED_DATA)

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            '"',
            '""',
            '"a"b',
            "\x00",
            "\r",
            "\n",
            "\r\n",
            ",",
            ";",
            "\t",
            "|",
            "||",
            "\u202e",
            "\u200b",
            "\ufeff",
            "😀",
            "-",
            "1e309",
            "nan",
            "NaN",
            "inf",
            "-0",
            "0x10",
            "٣",  # an Arabic-Indic digit: \d matches it
            "99999999999999999999",
            "43,25",
            "12.02.2024",
            "2024-02",
            "javascript:alert(1)",
            "2024-02-30",
            "9999-12-31",
            "0001-01-01",
            "<script>parent.__pwned=1</script>",
            "=1+1",
            "x" * 20_000,
        ]
    ),
)


def rows_of(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def to_csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


@st.composite
def mutated_csv(draw: st.DrawFn, table: str) -> str:
    """The bundled file with a few random edits."""
    rows = rows_of(FILES[table])
    for _ in range(draw(st.integers(1, 4))):
        r = draw(st.integers(0, len(rows) - 1))
        row = rows[r]
        kind = draw(
            st.sampled_from(
                [
                    "drop",
                    "repeat",
                    "replace",
                    "replace",
                    "swap",
                    "insert_row",
                    "swap_columns",
                    "header",
                ]
            )
        )
        c = draw(st.integers(0, max(len(row) - 1, 0)))
        if kind == "drop" and row:
            del row[c]
        elif kind == "repeat" and row:
            row.insert(c, row[c])
        elif kind == "replace" and row:
            row[c] = draw(nasty_text)
        elif kind == "swap" and len(row) > 1:
            d = draw(st.integers(0, len(row) - 1))
            row[c], row[d] = row[d], row[c]
        elif kind == "insert_row":
            rows.insert(r, draw(st.lists(nasty_text, max_size=len(rows[0]) + 1)))
        elif kind == "swap_columns" and rows[0]:
            d = draw(st.integers(0, len(rows[0]) - 1))
            for each in rows:
                if c < len(each) and d < len(each):
                    each[c], each[d] = each[d], each[c]
        elif kind == "header" and rows[0]:
            rows[0][c % len(rows[0])] = draw(nasty_text)
    text = to_csv(rows)
    how = draw(st.sampled_from(["as is", "cut", "raw insert", "semicolons"]))
    if how == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "raw insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(nasty_text) + text[at:]
    elif how == "semicolons":
        text = text.replace(",", ";")
    return text


def encoded(text: str, draw_encoding: str) -> bytes:
    if draw_encoding == "utf-8":
        return text.encode("utf-8", errors="surrogatepass")
    return text.encode(draw_encoding, errors="replace")


encodings = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251"])


def assert_located(problems: list[Problem] | tuple[Problem, ...], *filenames: str) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.file in filenames
        assert problem.line is None or problem.line >= 1
        assert problem.message
        str(problem)


def check_read_table(data: bytes, table: schema.Table) -> None:
    known = {
        "places": set(BASE.places["place_id"]),
        "people": set(BASE.people["person_id"]),
        "sources": set(BASE.sources["source_id"]),
    }
    frame, problems = read_table(data, table, filename=table.filename, known_ids=known)
    assert_located(problems, table.filename)
    assert list(frame.columns) == [*table.column_names, "line_number"]


def check_upload(data: bytes) -> None:
    result = read_upload(data, "upload.csv", BASE)
    assert_located(result.problems, "upload.csv")
    assert list(result.events.columns) == list(BASE.events.columns)
    if result.shape == "none":
        assert result.problems and result.events.empty


@FUZZ
@given(data=st.binary(max_size=4096), table=st.sampled_from(schema.TABLES))
def test_arbitrary_bytes(data: bytes, table: schema.Table) -> None:
    check_read_table(data, table)
    check_upload(data)


@FUZZ
@given(
    table=st.sampled_from(["events", "places"]),
    data=st.data(),
    encoding=encodings,
)
def test_almost_valid_csv(table: str, data: st.DataObject, encoding: str) -> None:
    text = data.draw(mutated_csv(table))
    raw = encoded(text, encoding)
    check_read_table(raw, schema.table(table))
    check_upload(raw)


HEADER_NAMES = sorted({name for names in FIELD_SYNONYMS.values() for name in names}) + ["other"]


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADER_NAMES), min_size=1, max_size=8),
    cells=st.lists(st.lists(nasty_text, max_size=9), max_size=6),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=encodings,
)
def test_plain_tables(
    header: list[str], cells: list[list[str]], delimiter: str, encoding: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(cells)
    check_upload(encoded(buffer.getvalue(), encoding))


@FUZZ
@given(table=st.sampled_from(["events", "places", "people", "sources"]), data=st.data())
def test_load_dataset_on_a_broken_copy(table: str, data: st.DataObject) -> None:
    text = data.draw(mutated_csv(table))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "data"
        shutil.copytree(BUNDLED_DATA, target, ignore=shutil.ignore_patterns("osm", "*.pbf"))
        (target / schema.table(table).filename).write_text(
            text, encoding="utf-8", errors="surrogatepass"
        )
        dataset = load_dataset(target, strict=False)
        assert isinstance(dataset, Dataset)
        assert_located(dataset.problems, *(str(target / t.filename) for t in schema.TABLES))
        assert list(dataset.events.columns) == list(BASE.events.columns)
        try:
            load_dataset(target, strict=True)
        except DataError as exc:
            assert exc.problems == dataset.problems


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ufeff",
        "event_id\n",
        ",,,,\n",
        '"',
        "a,b\n\x00,\x00\n",
        "\r\r\r",
    ],
)
def test_degenerate_files(text: str) -> None:
    for table in schema.TABLES:
        check_read_table(text.encode("utf-8"), table)
    check_upload(text.encode("utf-8"))


def replaced(table: schema.Table, column: str, value: str, clear: tuple[str, ...] = ()) -> bytes:
    """The bundled file with ``value`` in ``column`` of its first row."""
    rows = rows_of(FILES[table.name])
    rows[1][rows[0].index(column)] = value
    for other in clear:
        rows[1][rows[0].index(other)] = ""
    return to_csv(rows).encode("utf-8")


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        # Found by the fuzzer: '\d' matches any Unicode digit, so these passed validation and
        # then crashed the conversion to numbers.
        (schema.EVENTS, "participants_low", "٣", "invalid number '٣' (expected a whole number)"),
        (schema.PLACES, "lat", "٤٣.٢", "invalid number '٤٣.٢' (expected a number)"),
        (
            schema.PLACES,
            "line",
            "٤٣ ٧٦",
            "invalid line '٤٣ ٧٦' (expected 'lat lon|lat lon|...')",
        ),
        # Found by the fuzzer: a whole number too big for a 64-bit integer crashed the
        # conversion.
        (
            schema.EVENTS,
            "participants_low",
            "99999999999999999999",
            "'99999999999999999999' out of range 0 to 9007199254740992",
        ),
    ],
)
def test_values_that_crashed_the_loader(
    table: schema.Table, column: str, value: str, message: str
) -> None:
    clear = ("participants_high",) if column == "participants_low" else ()
    frame, problems = read_table(
        replaced(table, column, value, clear),
        table,
        filename=table.filename,
        known_ids={
            "places": set(BASE.places["place_id"]),
            "people": set(BASE.people["person_id"]),
            "sources": set(BASE.sources["source_id"]),
        },
    )
    assert [str(p) for p in problems] == [f"{table.filename}:2:{column}: {message}"]
    assert len(frame) == len(rows_of(FILES[table.name])) - 2
