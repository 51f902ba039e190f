"""Keeping the catalogues current: ``python -m dashboard messages`` (see README: Languages).

Extracts every message of ``dashboard/`` with Babel into ``dashboard/locales/messages.pot``
and merges it into each language's ``.po``; ``--check`` changes nothing and fails when the
template is out of date or a message lacks a translation.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from dashboard.i18n import LANGUAGES, LOCALE_DIR, SOURCE_LANGUAGE, po_path

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATE = LOCALE_DIR / "messages.pot"
KEYWORDS = {"_": None, "n_": (1, 2), "N_": None, "Nn_": (1, 2)}
"""The marker functions (see dashboard/i18n.py): ``lang._``, ``lang.n_``, ``N_``, ``Nn_``."""
METHOD_MAP = [("**.py", "python")]


def extract() -> Catalog:
    """Every message marked in ``dashboard/``, with where it is used."""
    catalog = Catalog(project="almaty-protest-map", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        PACKAGE_DIR, METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",)
    ):
        location = (f"dashboard/{filename}", lineno)
        catalog.add(message, None, [location], auto_comments=comments, context=context)
    return catalog


def message_ids(catalog: Catalog) -> set[object]:
    return {m.id for m in catalog if m.id}


def missing_translations(catalog: Catalog) -> list[str]:
    """The msgids of ``catalog`` without a full, non-fuzzy translation."""
    missing = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(s.strip() for s in strings):
            missing.append(m.id[0] if isinstance(m.id, tuple) else m.id)
    return missing


def read_catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def write_catalog(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_by_file=True, ignore_obsolete=True)


def translated_languages() -> Iterable[str]:
    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


def update() -> None:
    """Write the template and merge it into each language's catalogue."""
    template = extract()
    write_catalog(TEMPLATE, template)
    for code in translated_languages():
        catalog = read_catalog(po_path(code), locale=code)
        catalog.update(template, no_fuzzy_matching=True)
        write_catalog(po_path(code), catalog)


def problems() -> list[str]:
    """What is out of date or untranslated, one line each (empty when all is well)."""
    found = []
    current = message_ids(extract())
    if message_ids(read_catalog(TEMPLATE)) != current:
        found.append(f"{TEMPLATE.name} is out of date: run `python -m dashboard messages`")
    for code in translated_languages():
        catalog = read_catalog(po_path(code), locale=code)
        absent = current - message_ids(catalog)
        if absent:
            found.append(f"{code}: {len(absent)} message(s) not in the catalogue")
        found += [f"{code}: untranslated: {m!r}" for m in missing_translations(catalog)]
    return found


def cmd_messages(args: argparse.Namespace) -> int:
    if not args.check:
        update()
    found = problems()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        return 1
    print("every message is translated in " + ", ".join(translated_languages()), file=sys.stderr)
    return 0


def add_command(sub) -> None:
    p = sub.add_parser(
        "messages",
        help="extract the interface's messages and merge them into the catalogues",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="change nothing; fail when a message is new or lacks a translation",
    )
    p.set_defaults(func=cmd_messages)
