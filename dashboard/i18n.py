"""The interface in the viewer's language: Kazakh, Russian or English.

The messages are gettext catalogues in the repository (``dashboard/locales/<code>/LC_MESSAGES/
messages.po``, extracted with Babel: see the README). They are read from the ``.po`` files
once per process, with Babel, and kept as they are: there is no compile step that an editable
install, a checkout or CI would have to remember.

Each session holds its own :class:`Lang` (never ``gettext.install()``, never a process-wide
current language: one viewer's choice must not reach another's page), and the pure functions
that build text take it as a parameter. The English msgids are the English interface.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from dashboard.errors import ConfigError

LANGUAGES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
"""Interface languages (code -> the language's name in itself), in the switch's order."""
SOURCE_LANGUAGE = "en"
"""The language of the msgids: it needs no catalogue."""
DEFAULT_LANGUAGE = "en"
"""The language of a first visit whose browser asks for none of ours (``DASHBOARD_LANGUAGE``)."""
BABEL_LOCALES: dict[str, str] = {"kk": "kk", "ru": "ru", "en": "en_GB"}
"""The CLDR locale that formats dates and numbers (British English: ``9 February 2024``)."""
LOCALE_DIR = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Mark ``message`` for extraction; it is translated where it is shown."""
    return message


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """Mark a singular/plural pair for extraction; shown with :meth:`Lang.n_`."""
    return singular, plural


def po_path(code: str) -> Path:
    return LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(code: str) -> gettext.NullTranslations:
    """The catalogue of ``code``, read once per process (and never changed afterwards)."""
    if code == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    if code not in LANGUAGES:
        raise ConfigError(f"no interface language {code!r}: use one of {', '.join(LANGUAGES)}")
    with po_path(code).open("rb") as fh:
        catalog = read_po(fh, locale=BABEL_LOCALES[code])
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@dataclass(frozen=True)
class Lang:
    """One viewer's language: messages, plural forms, dates and numbers.

    ``_`` and ``n_`` fill ``{name}`` placeholders from keyword arguments after translating;
    a caller that puts data text into Markdown escapes it before passing it in.
    """

    code: str
    catalogue: gettext.NullTranslations = field(repr=False, compare=False)
    locale: Locale = field(repr=False, compare=False)

    def _(self, message: str, /, **values: object) -> str:
        text = self.catalogue.gettext(message)
        return text.format(**values) if values else text

    def n_(self, singular: str, plural: str, count: int, /, **values: object) -> str:
        """The form for ``count`` (``{n}`` is the count as this language writes numbers)."""
        text = self.catalogue.ngettext(singular, plural, count)
        return text.format(n=self.number(count), **values)

    def number(self, value: int | float) -> str:
        """``1 234`` in Kazakh and Russian, ``1,234`` in English."""
        return format_decimal(value, locale=self.locale)

    def date(self, day: dt.date | pd.Timestamp) -> str:
        """A day in full: ``9 февраля 2024 г.``, ``2024 ж. 9 ақпан``, ``9 February 2024``."""
        return format_date(_as_date(day), format="long", locale=self.locale)

    def month(self, day: dt.date | pd.Timestamp) -> str:
        """A month and year: ``февраль 2024 г.``, ``2024 ж. ақпан``, ``February 2024``."""
        return format_skeleton("yMMMM", _as_date(day), locale=self.locale)

    def label(self, names: Mapping[str, str], value: str) -> str:
        """The translated name of a coded ``value`` (``names`` holds msgids), else the value."""
        return self._(names[value]) if value in names else value


def _as_date(day: dt.date | pd.Timestamp) -> dt.date:
    return day.date() if isinstance(day, pd.Timestamp | dt.datetime) else day


@functools.cache
def lang(code: str) -> Lang:
    """The :class:`Lang` of ``code`` (one of :data:`LANGUAGES`); ConfigError otherwise."""
    return Lang(code, translations(code), Locale.parse(BABEL_LOCALES[code]))


def language_code(value: object) -> str | None:
    """Our language code for a URL value or a browser locale (``ru``, ``ru-RU``, ``kk_KZ``,
    ``EN``), or None when it is none of ours."""
    if not isinstance(value, str):
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def first_language(url_value: object, browser_locale: object, default: str) -> str:
    """The language of a new session: the URL's ``?lang=``, else the browser's, else
    ``default``."""
    return language_code(url_value) or language_code(browser_locale) or default


ENGLISH = lang(SOURCE_LANGUAGE)


def check_language(code: str) -> None:
    """ConfigError, saying what to set, unless ``code`` is one of :data:`LANGUAGES`."""
    if code not in LANGUAGES:
        raise ConfigError(
            f"DASHBOARD_LANGUAGE={code!r} is not an interface language: use one of "
            f"{', '.join(LANGUAGES)}"
        )
