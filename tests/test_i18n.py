"""The languages: complete catalogues, plural forms, dates and numbers, choosing a language."""

from __future__ import annotations

import builtins
import datetime as dt

import pandas as pd
import pytest

from dashboard import i18n, panel, translate
from dashboard.errors import ConfigError


def test_every_message_is_in_the_template_and_translated_in_kk_and_ru():
    """Fails when a marked message is not in messages.pot or lacks a kk or ru translation
    (fix: ``python -m dashboard messages``, then translate what it lists)."""
    assert translate.problems() == []


def test_the_check_notices_an_untranslated_message(tmp_path, monkeypatch):
    """The check above can fail: a catalogue with one translation emptied is reported."""
    catalog = translate.read_catalog(i18n.po_path("ru"), locale="ru")
    message = catalog["Overview"]
    message.string = ""
    broken = tmp_path / "ru" / "LC_MESSAGES" / "messages.po"
    broken.parent.mkdir(parents=True)
    translate.write_catalog(broken, catalog)
    monkeypatch.setattr(
        translate,
        "po_path",
        lambda code: (
            tmp_path / code / "LC_MESSAGES" / "messages.po" if code == "ru" else i18n.po_path(code)
        ),
    )
    assert translate.problems() == ["ru: untranslated: 'Overview'"]


def test_placeholders_are_kept_in_every_translation():
    """A translation that drops or renames ``{n}`` would fail (or lie) at run time."""
    import string

    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for code in translate.translated_languages():
        for m in translate.read_catalog(i18n.po_path(code), locale=code):
            if not m.id:
                continue
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for text in strings:
                assert fields(text) == fields(ids[-1]), (code, m.id, text)


@pytest.mark.parametrize(
    ("code", "counts"),
    [
        (
            "ru",
            {
                1: "1 одиночный пикет",
                2: "2 одиночных пикета",
                5: "5 одиночных пикетов",
                11: "11 одиночных пикетов",
                21: "21 одиночный пикет",
                1234: "1\xa0234 одиночных пикета",
            },
        ),
        ("kk", {1: "1 бір адамдық пикет", 5: "5 бір адамдық пикет"}),
        ("en", {1: "1 single picket", 2: "2 single pickets", 1234: "1,234 single pickets"}),
    ],
)
def test_plural_forms(code, counts):
    lang = i18n.lang(code)
    for count, expected in counts.items():
        assert panel.plural(count, "picket", lang) == expected


@pytest.mark.parametrize(
    ("code", "day", "month", "number"),
    [
        # CLDR keeps the year and its abbreviation together with a narrow no-break space
        ("ru", "9 февраля 2024\u202fг.", "февраль 2024\u202fг.", "1\xa0234"),
        ("kk", "2024\u202fж. 9 ақпан", "2024\u202fж. ақпан", "1\xa0234"),
        ("en", "9 February 2024", "February 2024", "1,234"),
    ],
)
def test_dates_and_numbers_by_locale(code, day, month, number):
    lang = i18n.lang(code)
    assert lang.date(pd.Timestamp("2024-02-09")) == day
    assert lang.date(dt.date(2024, 2, 9)) == day
    assert lang.month(pd.Timestamp("2024-02-09")) == month
    assert lang.number(1234) == number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("kk", "kk"),
        ("ru-RU", "ru"),
        ("kk_KZ", "kk"),
        ("EN", "en"),
        ("en-US", "en"),
        ("de", None),
        ("", None),
        (None, None),
        (["ru"], None),
    ],
)
def test_language_code(value, expected):
    assert i18n.language_code(value) == expected


@pytest.mark.parametrize(
    ("url", "browser", "expected"),
    [("ru", "kk-KZ", "ru"), ("xx", "kk-KZ", "kk"), (None, "de-DE", "en"), (None, None, "en")],
)
def test_first_language_url_then_browser_then_default(url, browser, expected):
    assert i18n.first_language(url, browser, "en") == expected


def test_an_unknown_default_language_says_what_to_set():
    with pytest.raises(ConfigError, match="DASHBOARD_LANGUAGE='de'.*kk, ru, en"):
        i18n.check_language("de")


def test_languages_do_not_leak_into_each_other():
    """One Lang per language, nothing process-wide: using Russian leaves Kazakh and English
    as they were, and gettext is not installed into builtins."""
    ru, kk, en = i18n.lang("ru"), i18n.lang("kk"), i18n.lang("en")
    assert ru._("Overview") == "Обзор"
    assert kk._("Overview") == "Шолу"
    assert en._("Overview") == "Overview"
    assert ru._("Overview") == "Обзор"
    assert not hasattr(builtins, "_")


def test_an_unknown_message_is_shown_as_it_is():
    assert i18n.lang("ru")._("no such message") == "no such message"
    assert i18n.lang("kk").label(panel.TYPE_NAMES, "sit_in") == "sit_in"
