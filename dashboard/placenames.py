"""Names of places as people write them, cleaned into the forms a geocoder can find.

Sources and our gazetteer write "ГАТОБ им. Абая", "кинотеатр «Сары-Арка»", "ТРЦ «Глобус»",
"пам. Ганди"; OpenStreetMap holds "Театр оперы и балета им. Абая", "Сары-Арка", "пам.Ганди".
:func:`variants` turns one written name into the queries worth asking, most faithful first:
the name as written, without quotes, with abbreviations spelled out, then without the words
that only say what kind of place it is (кинотеатр, сквер, ТЦ, памятник ...). :func:`words`
gives the comparable words of a name, for matching a geocoder's answer to the name asked.

Pure functions, no geocoder: the ``geocode`` command and the offline backend both use them.
"""

from __future__ import annotations

import re

QUOTES = "«»“”„‟\"'‘’‚‹›`"

ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("ГАТОБ", "театр оперы и балета"),
    ("ГАТД", "театр драмы"),
    ("ТРЦ", "торгово-развлекательный центр"),
    ("ТРК", "торгово-развлекательный комплекс"),
    ("ТЦ", "торговый центр"),
    ("пр-т", "проспект"),
    ("просп.", "проспект"),
    ("пр.", "проспект"),
    ("ул.", "улица"),
    ("им.", "имени"),
    ("пл.", "площадь"),
    ("пам.", "памятник"),
    ("мкр.", "микрорайон"),
    ("б-р", "бульвар"),
    ("St.", "Street"),
    ("Ave.", "Avenue"),
    ("Sq.", "Square"),
)
"""Abbreviations and what they stand for ("ГАТОБ": State Academic Opera and Ballet Theatre;
the name in OpenStreetMap keeps only "театр оперы и балета")."""

KIND_WORDS: tuple[str, ...] = (
    "торгово-развлекательный центр",
    "торгово-развлекательный комплекс",
    "торговый центр",
    "shopping centre",
    "shopping center",
    "кинотеатр",
    "cinema",
    "сквер",
    "скверы",
    "парк",
    "park",
    "саябағы",
    "саябақ",
    "памятник",
    "монумент",
    "monument",
    "ескерткіші",
    "имени",
    "атындағы",
)
"""Words that say what kind of place a name is, or join it to a person ("имени"), rather
than which place: dropped in the last variant ("сквер Валиханова" -> "Валиханова")."""

CITY_WORDS = frozenset(
    {"алматы", "almaty", "алма", "ата", "alma", "ata", "г", "город", "city", "қаласы"}
)


def _pattern(word: str) -> re.Pattern[str]:
    # Letters must not touch the word on either side; a trailing "." ends the word itself.
    tail = "" if word.endswith(".") else r"(?!\w)"
    return re.compile(rf"(?<!\w){re.escape(word)}{tail}\s*", re.IGNORECASE)


_ABBREVIATIONS = tuple((_pattern(a), full + " ") for a, full in ABBREVIATIONS)
_KIND_WORDS = tuple(_pattern(w) for w in KIND_WORDS)


def squash(text: str) -> str:
    """Spaces collapsed and trimmed, and stray punctuation at the ends removed."""
    return re.sub(r"\s+", " ", text).strip(" ,;-–—")


def unquoted(name: str) -> str:
    """The name without quotation marks: '«Сары-Арка»' -> 'Сары-Арка'."""
    return squash(name.translate({ord(q): " " for q in QUOTES}))


def without_remarks(name: str) -> str:
    """The name without a '(...)' remark: 'Republic Square (Independence Monument)'."""
    return squash(re.sub(r"\([^)]*\)", " ", name))


def expanded(name: str) -> str:
    """Abbreviations spelled out: 'ГАТОБ им. Абая' -> 'театр оперы и балета имени Абая'."""
    for pattern, full in _ABBREVIATIONS:
        name = pattern.sub(full, name)
    return squash(name)


def without_kind_words(name: str) -> str:
    """The name without words that only say what kind of place it is."""
    for pattern in _KIND_WORDS:
        name = pattern.sub(" ", name)
    return squash(name)


def variants(name: str) -> list[str]:
    """The queries worth asking for one written name, most faithful first, without repeats
    (compared case-insensitively) and without one that is only the city's name."""
    name = squash(name)
    if not name:
        return []
    plain = unquoted(name)
    bare = without_remarks(plain)
    spelled = expanded(bare)
    candidates = [name, plain, bare, spelled, without_kind_words(spelled)]
    out: list[str] = []
    seen: set[str] = set()
    for candidate in candidates:
        key = candidate.casefold()
        if not candidate or key in seen or set(words(candidate)) <= CITY_WORDS:
            continue
        seen.add(key)
        out.append(candidate)
    return out


def words(text: str) -> tuple[str, ...]:
    """The comparable words of a name: lower case, ё as е, abbreviations spelled out, quotes,
    punctuation and kind words gone: 'кинотеатр «Сары-Арка»' -> ('сары', 'арка')."""
    cleaned = without_kind_words(expanded(unquoted(text))).casefold().replace("ё", "е")
    return tuple(re.findall(r"\w+", cleaned))
