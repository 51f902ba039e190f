"""ACLED exports, both header sets, as a user sees them: card, legend, export, import."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from dashboard import export, i18n, mapview, panel
from dashboard.cli import main
from dashboard.formats import acled, detect
from dashboard.formats.decoding import parse_day
from dashboard.loader import load_dataset
from dashboard.upload import read_upload
from tests.formats_fixtures import (
    ACLED_2023_HEADER,
    ACLED_2023_ROWS,
    ACLED_OLD_HEADER,
    ACLED_OLD_ROWS,
)


def acled_file(header: str, rows: tuple[str, ...], drop: tuple[str, ...] = ()) -> bytes:
    """The rows as a file, with the columns in ``drop`` taken out."""
    table = list(csv.reader(io.StringIO("\n".join([header, *rows]) + "\n", newline="")))
    keep = [i for i, name in enumerate(table[0]) if name not in drop]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for record in table:
        writer.writerow([record[i] for i in keep])
    return out.getvalue().encode("utf-8")


def raw_2023() -> bytes:
    return ("\n".join([ACLED_2023_HEADER, *ACLED_2023_ROWS]) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def opened(dataset):
    return read_upload(raw_2023(), "acled.csv", dataset)


def card(result, event_id: str) -> panel.EventCard:
    events = result.events[result.events["event_id"] == event_id]
    return panel.event_cards(events, result.dataset.people, result.dataset.sources)[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-08-05", "2024-08-05"),
        ("5-Aug-24", "2024-08-05"),
        ("05 August 2024", "2024-08-05"),
        ("9-May-20", "2020-05-09"),
        ("9-May-99", "1999-05-09"),
        ("31-Feb-24", None),
        ("someday", None),
    ],
)
def test_every_date_form(text, expected):
    assert parse_day(text) == expected


def test_the_header_names_the_version():
    assert detect(ACLED_2023_HEADER.split(",")) == ("acled", "ACLED (2023+ columns)")
    assert detect(ACLED_OLD_HEADER.split(",")) == ("acled", "ACLED (before 2023)")


def test_every_well_formed_row_is_read_and_the_bad_one_named(opened):
    assert opened.format_name == "ACLED (2023+ columns)"
    assert list(opened.events["event_id"]) == ["XYZ101", "XYZ102", "XYZ103"]
    assert [str(p) for p in opened.problems] == [
        "acled.csv:5:event_date: invalid date 'someday' (expected a day such as 2024-08-05, "
        "5-Aug-24 or 05 August 2024): the row is left out"
    ]
    assert opened.summary() == (
        "3 events from 'acled.csv' (UTF-8 text, comma-separated, read as ACLED (2023+ "
        "columns)); 1 problem; 1 stray line break inside a field joined back into its row "
        "(line 4)"
    )


def test_the_card_says_what_acled_says(opened):
    first = card(opened, "XYZ101")
    assert first.heading == panel.markdown_text("5 August 2024 · Protests › Peaceful protest")
    lines = "\n".join(first.lines)
    assert "**Side 1 (Protesters):** Protesters \\(Testland\\); Students \\(Testland\\); " in lines
    assert "Teachers \\(Testland\\)" in lines
    assert (
        "**Where:** Millbrook, Mill Subdistrict, River District, North Province, Testland" in lines
    )
    assert "**Participants:** around 200" in lines
    assert "**Fatalities:** 0" in lines
    assert "**Disorder type:** Demonstrations" in lines
    assert "**Source scale:** National" in lines
    assert "**Last updated:** 2024-08-06" in lines
    assert "students held a rally in Millbrook" in lines
    assert first.sources == ("Daily Test (no link recorded)", "Weekly Example (no link recorded)")
    riot = "\n".join(card(opened, "XYZ102").lines)
    assert "**Fatalities:** 3" in riot
    assert "**Side 2 (State forces):** Police Forces of Testland \\(2020\\-\\)" in riot
    assert "week of 5 August 2024" in card(opened, "XYZ102").heading.replace("\\", "")
    attack = "\n".join(card(opened, "XYZ103").lines)
    assert "**Civilian targeting:** Civilian targeting" in attack
    assert "Line one line two" in attack


def test_geo_precision_2_and_3_are_areas_not_points(opened):
    events = opened.events.set_index("event_id")
    assert events.loc["XYZ101", "place_precision"] == "venue"
    assert events.loc["XYZ102", "place_precision"] == "area"
    assert events.loc["XYZ103", "place_precision"] == "region"
    assert events["located"].all()
    assert list(events["geo_precision"]) == [1, 2, 3]


def test_the_legend_lists_acleds_types(opened):
    data = opened.dataset
    spec = mapview.legend_spec(data.event_types, data.type_colours, regions=True)
    assert [label for label, _ in spec["types"]] == [
        "Protests",
        "Riots",
        "Violence against civilians",
    ]
    assert spec["precisions"][-1][0] == "region"


def test_the_export_keeps_every_mapped_field(opened):
    rows = list(csv.DictReader(io.StringIO(export.csv_text(opened.events, opened.dataset.sources))))
    by_id = {r["event_id"]: r for r in rows}
    first = by_id["XYZ101"]
    assert first["event_type"] == "Protests"
    assert first["sub_event_type"] == "Peaceful protest"
    assert first["actors_1"] == "Protesters (Testland)|Students (Testland)|Teachers (Testland)"
    assert first["size_text"] == "around 200"
    assert first["sources"] == "Daily Test|Weekly Example"
    assert first["source_urls"] == "|"
    assert first["last_updated"] == "2024-08-06"
    assert by_id["XYZ102"]["fatalities"] == "3"
    assert by_id["XYZ103"]["geo_precision"] == "3"


def test_an_old_export_without_actor2_reads(dataset):
    data = acled_file(ACLED_OLD_HEADER, ACLED_OLD_ROWS, drop=("actor2", "assoc_actor_2"))
    result = read_upload(data, "old.csv", dataset)
    assert result.format_name == "ACLED (before 2023)"
    assert result.problems == ()
    events = result.events.set_index("event_id")
    assert list(events.index) == ["OLD1", "OLD2"]
    assert events.loc["OLD1", "date"] == pd.Timestamp("2020-05-09")
    assert events.loc["OLD1", "actor_kind_1"] == "Protesters"
    assert events.loc["OLD1", "interaction"] == "Protesters only"
    assert events.loc["OLD2", "actors_2"] == ()
    assert events.loc["OLD2", "actor_kind_2"] == "Civilians"
    assert events.loc["OLD2", "fatalities"] == 2


def test_import_writes_a_directory_that_validates(tmp_path, capsys):
    source = tmp_path / "acled.csv"
    source.write_bytes(raw_2023())
    out = tmp_path / "data"
    assert main(["import", str(source), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "ACLED (2023+ columns): 3 of 4 rows read; 1 left out" in err
    assert "  event_id_cnty: → event_id: 4 values" in err
    assert "  iso: left (the country is read from 'country'): 4 values" in err
    assert main(["validate", "--data", str(out)]) == 0
    data = load_dataset(out)
    assert list(data.events["event_type"]) == ["Protests", "Riots", "Violence against civilians"]
    assert set(data.places["precision"]) == {"venue", "area", "region"}


def test_validate_on_a_file_says_so_in_one_line(tmp_path, capsys):
    source = tmp_path / "acled.csv"
    source.write_bytes(raw_2023())
    assert main(["validate", "--data", str(source)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"{source} is a file: --data takes a data directory")


def test_forced_format_on_another_file_says_what_is_missing(dataset):
    result = read_upload(b"date,place\n2024-01-01,Arbat\n", "t.csv", dataset, file_format="acled")
    assert "not an ACLED header: missing event_id_cnty, event_date, event_type" in str(
        result.problems[0]
    )
    assert acled.detect(["date", "place"]) is None


def test_the_card_and_the_summary_in_russian(opened):
    """Our words around ACLED's values are in the viewer's language; ACLED's own values
    (types, actors, sub-types) stay as ACLED wrote them."""
    ru = i18n.lang("ru")
    riot = opened.events[opened.events["event_id"] == "XYZ102"]
    first = panel.event_cards(riot, opened.dataset.people, opened.dataset.sources, ru)[0]
    assert first.heading == panel.markdown_text(
        "неделя, включающая 5 августа 2024 г. (точный день неизвестен) · Riots › "
        "Violent demonstration"
    )
    lines = "\n".join(first.lines)
    assert "**Сторона 1 (Rioters):** Rioters \\(Testland\\)" in lines
    assert "**Погибшие:** 3" in lines
    assert "**Тип беспорядков:** Political violence" in lines
    assert "**Масштаб источника:** Subnational" in lines
    assert "**Последнее обновление:** 2024-08-07" in lines
    assert "Fatalities" not in lines and "Side" not in lines
    assert opened.summary(ru) == (
        "3 события из 'acled.csv' (текст UTF-8, через запятую, прочитан как ACLED "
        "(столбцы с 2023 г.)); 1 проблема; 1 лишний перенос строки внутри поля убран: запись "
        "снова цельная (строки файла: 4)"
    )


def test_an_empty_notes_field_is_said_in_the_viewers_language(dataset):
    row = ACLED_2023_ROWS[1].replace("Clashes with police.", "")
    result = read_upload(acled_file(ACLED_2023_HEADER, (row,)), "acled.csv", dataset)
    assert list(result.events["description"]) == ["(no notes in the ACLED row)"]
    kk = i18n.lang("kk")
    card = panel.event_cards(result.events, result.dataset.people, result.dataset.sources, kk)[0]
    assert "**Не болды:** " + panel.markdown_text("(ACLED жолында ескертпе жоқ)") in card.lines
    table = panel.table_frame(result.events, kk)
    assert table.iloc[0].tolist().count("(ACLED жолында ескертпе жоқ)") == 1
