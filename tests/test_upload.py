"""Opening a file in the app: encodings, delimiters, broken files, plain tables, our export."""

from __future__ import annotations

import csv
import io
import tomllib
import zipfile

import pandas as pd
import pytest

from dashboard import export, upload
from dashboard.loader import Dataset
from dashboard.settings import BUNDLED_DATA, PROJECT_ROOT
from dashboard.upload import MAX_UPLOAD_BYTES, read_upload

RUSSIAN_TABLE = (
    "дата;место;описание;участники;тип;широта;долгота;заметка\r\n"
    "12.02.2024;Площадь Республики;Одиночный пикет «за» права женщин;Lia Bergen;пикет;;;\r\n"
    "13.02.2024;Где-то в городе;Пикет без места;;митинг;;;\r\n"
    ";Арбат;Строка без даты;;;;;\r\n"
    "14.02.2024;;Только координаты;;;43,25;76,95;\r\n"
)


def messages(result: upload.Upload) -> list[str]:
    return [str(p) for p in result.problems]


def test_cp1251_semicolons_russian_headers(dataset: Dataset) -> None:
    result = read_upload(RUSSIAN_TABLE.encode("cp1251"), "пикеты.csv", dataset)
    assert result.encoding == "Windows-1251 (Cyrillic)"
    assert result.delimiter == ";"
    assert result.shape == "table"
    assert result.summary() == (
        "3 events from 'пикеты.csv' (Windows-1251 (Cyrillic) text, semicolon-separated, "
        "read as a table); 3 problems"
    )
    assert messages(result)[0].startswith(
        "пикеты.csv:1:заметка: column 'заметка' not understood: ignored (columns read: "
    )
    assert messages(result)[1:] == [
        "пикеты.csv:3:место: place 'Где-то в городе' matches no place we know and the row has "
        "no coordinates: shown as not located",
        "пикеты.csv:4:дата: no date: the row is left out (events are shown by date)",
    ]
    events = result.events
    assert list(events["event_id"]) == ["upload-2", "upload-3", "upload-5"]
    assert list(events["date"].dt.strftime("%Y-%m-%d")) == [
        "2024-02-12",
        "2024-02-13",
        "2024-02-14",
    ]
    assert list(events["description"]) == [
        "Одиночный пикет «за» права женщин",
        "Пикет без места",
        "Только координаты",
    ]
    assert list(events["event_type"]) == ["picket", "rally", ""]
    assert list(events["place_id"])[0] == "republic-square"
    assert list(events["place_name"])[1:] == ["Где-то в городе", "43.25, 76.95"]
    assert list(events["located"]) == [True, False, True]
    assert list(events["lat"])[2] == 43.25
    assert list(events["lon"])[2] == 76.95
    assert events["actor_names"].iloc[0] == ("Lia Bergen",)
    assert events["people"].iloc[0] == ("lia-bergen",)  # matched to the bundled person
    assert "lia bergen" in events["search_text"].iloc[0]


def test_utf8_with_bom(dataset: Dataset) -> None:
    data = "\ufeffDate,Place,Description\n2024-02-12,Gandhi Park,Picket\n".encode()
    result = read_upload(data, "bom.csv", dataset)
    assert (result.encoding, result.delimiter, messages(result)) == (
        "UTF-8 with byte order mark",
        ",",
        [],
    )
    assert list(result.events["place_id"]) == ["gandhi-park"]
    assert list(result.events["place_precision"]) == ["area"]


def test_utf8_without_bom(dataset: Dataset) -> None:
    data = "date,place\n2024-02-12,Арбат\n".encode()
    result = read_upload(data, "plain.csv", dataset)
    assert (result.encoding, messages(result)) == ("UTF-8", [])
    assert list(result.events["place_id"]) == ["arbat"]


@pytest.mark.parametrize(
    ("codec", "bom", "name"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16 LE"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 BE"),
    ],
)
def test_utf16_unicode_text_from_excel(dataset: Dataset, codec: str, bom: bytes, name: str) -> None:
    """Excel's "Unicode text": UTF-16 with a byte order mark, tab-separated."""
    text = "дата\tместо\tописание\r\n08.03.2024\tОперный театр\tМарш\r\n"
    text = text.replace("Оперный театр", "ГАТОБ им. Абая")
    result = read_upload(bom + text.encode(codec), "unicode.txt", dataset)
    assert (result.encoding, result.delimiter, messages(result)) == (name, "\t", [])
    assert list(result.events["place_id"]) == ["opera-theatre"]
    assert list(result.events["description"]) == ["Марш"]


def test_truncated_file_keeps_good_rows(dataset: Dataset) -> None:
    data = b'date,place,description\n2024-02-01,Arbat,first\n2024-02-02,Arbat,"cut short'
    result = read_upload(data, "cut.csv", dataset)
    assert messages(result) == [
        "cut.csv:3: the file ends inside a quoted value that starts on this row (was the file "
        "cut short?): the row was not read: '2024-02-02,Arbat,\"cut short'"
    ]
    assert list(result.events["description"]) == ["first"]


def test_bad_quote_in_the_middle_keeps_the_rows_after(dataset: Dataset) -> None:
    data = b'date,description,place\n2024-02-01,"a"b,\n2024-02-02,c,\n'
    result = read_upload(data, "q.csv", dataset)
    assert messages(result) == [
        "q.csv:2: not valid CSV (',' expected after '\"'): the row was not read: "
        "'2024-02-01,\"a\"b,'"
    ]
    assert list(result.events["description"]) == ["c"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"",
            "empty.csv: the file is empty: expected a header row (date, place, description, ...) "
            "and one row per event",
        ),
        (
            b" \r\n\n",
            "empty.csv: the file is empty: expected a header row (date, place, description, ...) "
            "and one row per event",
        ),
        (b"date,place\n", "empty.csv: the file has a header row but no events"),
    ],
)
def test_empty_file(dataset: Dataset, data: bytes, message: str) -> None:
    result = read_upload(data, "empty.csv", dataset)
    assert messages(result) == [message]
    assert result.events.empty
    assert list(result.events.columns) == list(dataset.events.columns)


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
            "photo.png: not a text file: it looks like a PNG image; open a CSV file (comma, "
            "semicolon or tab)",
        ),
        (
            xlsx_bytes(),
            "photo.png: not a text file: it looks like a ZIP archive (an Excel .xlsx workbook is "
            "one); in Excel use File → Save As → CSV UTF-8 (comma delimited) and open that file",
        ),
        (
            b"date\n\x01\x02\x03\x00\xff",
            "photo.png: not a text file: it looks like a binary file (it contains NUL bytes); "
            "open a CSV file (comma, semicolon or tab)",
        ),
        (
            b"date,place\n2024-02-01,\x07bell\n",
            "photo.png:2: not a text file: control character '\\x07' on line 2; open a CSV "
            "file (comma, semicolon or tab separated)",
        ),
    ],
)
def test_binary_file(dataset: Dataset, data: bytes, message: str) -> None:
    result = read_upload(data, "photo.png", dataset)
    assert messages(result) == [message]
    assert result.shape == "none"
    assert result.summary() == "Nothing read from 'photo.png': see the problem below"
    assert result.events.empty


def test_file_over_the_size_limit(dataset: Dataset) -> None:
    data = b"date\n" + b"2024-02-01\n" * (25 * 1024 * 1024 // 11)
    assert len(data) > MAX_UPLOAD_BYTES
    result = read_upload(data, "huge.csv", dataset)
    assert messages(result) == [
        "huge.csv: the file is 25 MB; the limit is 20 MB: keep only the rows you need, or split "
        "it into smaller files"
    ]
    assert result.events.empty


def test_size_limit_names_bytes_when_megabytes_look_equal(dataset: Dataset) -> None:
    result = read_upload(b"x" * 2049, "a.csv", dataset, max_bytes=2048)
    assert messages(result) == [
        "a.csv: the file is 2,049 bytes; the limit is 2,048 bytes: keep only the rows you need, "
        "or split it into smaller files"
    ]


def test_own_events_format_in_cp1251_with_semicolons(dataset: Dataset) -> None:
    rows = list(csv.reader(io.StringIO((BUNDLED_DATA / "events.csv").read_text("utf-8"))))
    rows[3][1] = "2024-13-01"  # line 4: a bad date
    rows[4][12] = "two\nlines"  # line 5 takes two lines, so the next row is on line 7
    rows[5][6] = "nowhere"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    data = buffer.getvalue().encode("cp1251", errors="replace")
    result = read_upload(data, "events.csv", dataset)
    assert result.shape == "events"
    assert (result.encoding, result.delimiter) == ("Windows-1251 (Cyrillic)", ";")
    assert messages(result) == [
        "events.csv:4:date: invalid date '2024-13-01' (expected YYYY-MM-DD)",
        "events.csv:7:place_id: unknown place id 'nowhere'",
    ]
    assert len(result.events) == len(rows) - 1 - 2
    assert rows[3][0] not in set(result.events["event_id"])
    assert result.events["description"].iloc[2] == "two\nlines"


def test_own_events_format_is_the_bundled_dataset(dataset: Dataset) -> None:
    result = read_upload((BUNDLED_DATA / "events.csv").read_bytes(), "events.csv", dataset)
    assert (result.shape, messages(result)) == ("events", [])
    pd.testing.assert_frame_equal(result.events, dataset.events)


ROUND_TRIP_COLUMNS = [
    "event_id",
    "date",
    "time_precision",
    "event_type",
    "people",
    "organisations",
    "place_id",
    "location_text",
    "participants_low",
    "participants_high",
    "authorisation",
    "outcomes",
    "description",
    "disputes",
    "place_name",
    "place_precision",
    "geo_precision",
    "lat",
    "lon",
    "located",
    "actor_names",
]


def test_own_csv_export_round_trips(dataset: Dataset) -> None:
    text = export.csv_text(dataset.events, dataset.sources)
    result = read_upload(text.encode("utf-8"), "export.csv", dataset)
    assert (result.shape, messages(result)) == ("table", [])
    pd.testing.assert_frame_equal(
        result.events[ROUND_TRIP_COLUMNS], dataset.events[ROUND_TRIP_COLUMNS], check_dtype=False
    )
    again = export.csv_text(result.events, result.dataset.sources)
    assert again == text


def test_plain_table_reports_what_was_not_understood(dataset: Dataset) -> None:
    data = (
        b"Date,Location,Latitude,Longitude,Text,Type,Source,Colour\n"
        b"2024-02,Somewhere,,,month only,protest,javascript:alert(1),red\n"
        b"2024-02-05,Republic Square,91,76.9,bad latitude,picket,https://example.org/a,blue\n"
        b"2024,,43.2,,only a latitude,,,\n"
    )
    result = read_upload(data, "table.csv", dataset)
    assert messages(result)[0].startswith("table.csv:1:Colour: column 'Colour' not understood")
    assert messages(result)[1:] == [
        "table.csv:2:Location: place 'Somewhere' matches no place we know and the row has no "
        "coordinates: shown as not located",
        "table.csv:2:Source: not an http(s) address: 'javascript:alert(1)': kept as text, "
        "not as a link",
        "table.csv:3:Latitude: '91' out of range -90 to 90",
        "table.csv:4:Longitude: latitude and longitude go together: the row has only one of them",
    ]
    events = result.events
    assert list(events["event_type"]) == ["protest", "picket", ""]  # the file's own types
    assert list(events["time_precision"]) == [3, 1, 3]
    assert list(events["date"].dt.strftime("%Y-%m-%d")) == [
        "2024-02-01",
        "2024-02-05",
        "2024-01-01",
    ]
    assert list(events["place_id"])[1] == "republic-square"  # the bad coordinate is not used
    assert list(events["located"]) == [False, True, False]
    sources = result.dataset.sources.set_index("source_id")
    first, second = (ids[0] for ids in events["sources"].iloc[:2])
    assert (sources.loc[first, "title"], sources.loc[first, "url"]) == ("javascript:alert(1)", "")
    assert sources.loc[second, "url"] == "https://example.org/a"
    assert sources.loc[second, "publisher"] == "example.org"


def test_rows_with_the_wrong_number_of_fields(dataset: Dataset) -> None:
    data = b"date,description\n2024-02-01,one,extra\n2024-02-02\n2024-02-03,ok,,\n"
    no_place = (
        "w.csv:1: no place or coordinate columns (place/место, or latitude and longitude): "
        "every event is shown as not located"
    )
    result = read_upload(data, "w.csv", dataset)
    assert messages(result) == [
        no_place,
        "w.csv:2: expected 2 fields as in the header, found 3: the row was not read: "
        "\"['2024-02-01', 'one', 'extra']\"",
        "w.csv:3: expected 2 fields as in the header, found 1: the row was not read: "
        "\"['2024-02-02']\"",
    ]
    assert list(result.events["description"]) == ["ok"]  # empty trailing cells are harmless


def test_no_date_column(dataset: Dataset) -> None:
    result = read_upload(b"place,description\nArbat,x\n", "d.csv", dataset)
    assert messages(result) == [
        "d.csv:1: no date column: expected a column named 'date' (or 'дата'); nothing can be "
        "shown without dates. Columns found: 'place', 'description'"
    ]
    assert result.events.empty


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-02-12", ("2024-02-12", "1")),
        ("2024-02-12 00:00:00", ("2024-02-12", "1")),
        ("12.02.2024", ("2024-02-12", "1")),
        ("1.2.2024", ("2024-02-01", "1")),
        ("2024-02", ("2024-02-01", "3")),
        ("02.2024", ("2024-02-01", "3")),
        ("2024", ("2024-01-01", "3")),
        ("2024-02-30", None),
        ("12/02/2024", None),
        ("yesterday", None),
    ],
)
def test_parse_date(text: str, expected: tuple[str, str] | None) -> None:
    assert upload.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3", ","),
        ("a;b;c\n1,5;2;3", ";"),
        ("a\tb\n1\t2", "\t"),
        ('"a;b",c\n', ","),
        ("single\n1", ","),
        ("\n\nдата;место\n", ";"),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert upload.sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("Date", "date"),
        (" ДАТА ", "date"),
        ("Latitude (WGS84)", "lat"),
        ("lng", "lon"),
        ("Долгота", "lon"),
        ("Event Type", "event_type"),
        ("участники", "actors"),
        ("Источник", "sources"),
        ("colour", None),
    ],
)
def test_header_synonyms(name: str, field: str | None) -> None:
    fields, unknown = upload.map_columns([name])
    assert fields == ({field: 0} if field else {})
    assert unknown == ([] if field else [(0, name)])


@pytest.mark.parametrize(
    ("n", "text"),
    [(512, "512 bytes"), (2048, "2 KB"), (1536, "1.5 KB"), (20 * 1024 * 1024, "20 MB")],
)
def test_format_size(n: int, text: str) -> None:
    assert upload.format_size(n) == text


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("٣", "c.csv:2:count: invalid number '٣': left empty"),
        ("99999999999999999999", "c.csv:2:count: '99999999999999999999' is too large: left empty"),
        ("many", "c.csv:2:count: invalid number 'many': left empty"),
    ],
)
def test_bad_participant_counts_are_left_empty(dataset: Dataset, count: str, message: str) -> None:
    data = f"date,count\n2024-02-01,{count}\n".encode()
    result = read_upload(data, "c.csv", dataset)
    assert messages(result)[1:] == [message]
    assert result.events["participants_low"].isna().all()


def test_participant_range(dataset: Dataset) -> None:
    result = read_upload(b"date,place,count\n2024-02-01,Arbat,50-200\n", "c.csv", dataset)
    assert messages(result) == []
    assert (
        result.events["participants_low"].iloc[0],
        result.events["participants_high"].iloc[0],
    ) == (
        50,
        200,
    )


def test_streamlit_refuses_what_the_reader_would_refuse() -> None:
    """The uploader's limit (MB) is the reader's, so the page's "per file" note is true."""
    config = tomllib.loads((PROJECT_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
