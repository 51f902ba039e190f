"""Synthetic data directories for benchmarks and scale tests: ``python -m dashboard synth``.

Writes events.csv, places.csv, people.csv and sources.csv in our own format (see
:mod:`dashboard.schema`), shaped like the real data: most events around a few dozen hot venues
(the real places of the bundled gazetteer plus synthetic venues in the centre), a long tail of
synthetic venues, streets and areas elsewhere in Almaty, some events whose place is not reported,
over 2017-2024 with a dense wave in February 2024 and peaks around 8 March each year.

Everything generated is labelled synthetic: ids start with ``syn-``, every description starts with
``[Synthetic]``, sources are titled ``[Synthetic source ...]`` with ``https://example.org/``
addresses, synthetic places and people say so in their notes. The same ``n`` and ``seed`` always
give the same files.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard import schema, settings
from dashboard.schema import LIST_SEPARATOR

SYNTH_LABEL = "[Synthetic]"
"""Every synthetic description starts with this, so nobody takes it for a real event."""

ALMATY_BOUNDS = ((43.18, 76.80), (43.33, 77.05))
"""(south, west), (north, east): where synthetic places are put."""
CENTRE = (43.245, 76.935)
"""Synthetic hot venues are scattered around this point (the old centre)."""

FIRST_DAY = dt.date(2017, 1, 1)
LAST_DAY = dt.date(2024, 12, 31)
WAVE = (dt.date(2024, 2, 1), dt.date(2024, 3, 8))
"""The February 2024 wave of single pickets: the app's default date range."""

SYNTHETIC_HOT_VENUES = 24
CITY_PLACE = "almaty"
"""The gazetteer's place for events whose place the sources do not give."""

SHARE_HOT = 0.60
SHARE_TAIL = 0.35
"""The rest of the events (5%) have no reported place (``almaty``, precision city)."""
SHARE_WAVE = 0.10
SHARE_MARCH_8 = 0.15
"""The rest of the dates are spread evenly over FIRST_DAY..LAST_DAY."""

EVENT_TYPE_WEIGHTS = {
    "picket": 0.50,
    "rally": 0.15,
    "march": 0.10,
    "press_conference": 0.15,
    "counter_protest": 0.10,
}
AUTHORISATION_WEIGHTS = {"approved": 0.15, "refused": 0.15, "unsanctioned": 0.40, "unknown": 0.30}
OUTCOME_PROBABILITY = {
    "attacked": 0.03,
    "fined": 0.10,
    "summoned": 0.08,
    "detained": 0.12,
    "police_complaint": 0.03,
}
LANGUAGES = ("ru", "kk", "en")

FEMALE_NAMES = (
    "Aigerim", "Dana", "Madina", "Zhanna", "Asel", "Aruzhan", "Dinara", "Gulnara", "Kamila",
    "Saule", "Tomiris", "Ainur", "Olga", "Irina", "Anna", "Yelena", "Svetlana", "Natalya",
)  # fmt: skip
MALE_NAMES = ("Yerlan", "Daulet", "Nurlan", "Arman", "Marat", "Timur", "Sergey", "Dmitry")
SURNAMES = (
    "Abenov", "Bekmuratov", "Dzhaksybekov", "Yesimov", "Zhakupov", "Iskakov", "Kairatov",
    "Mukanov", "Nurpeisov", "Ospanov", "Rakhimov", "Sadykov", "Tulegenov", "Umarov", "Khasenov",
    "Shaikenov", "Ivanov", "Petrov", "Smirnov", "Volkov",
)  # fmt: skip
"""Synthetic people get a random first name and surname (female forms add -a)."""
ALIAS_SPELLINGS = (("zh", "j"), ("kh", "h"), ("y", "i"), ("ov", "off"))
"""Transliteration variants: a person's alias is their name with the first that applies."""

PLACE_PRECISION_WEIGHTS = {"venue": 0.60, "street": 0.25, "area": 0.15}
"""For long-tail places."""


def add_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``synth`` with the command line."""
    p = subparsers.add_parser(
        "synth", help="write a synthetic data directory (for benchmarks and scale tests)"
    )
    p.add_argument("--n", type=int, default=1000, metavar="N", help="number of events")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="random seed")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="directory to write")
    p.set_defaults(func=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    if args.n < 0:
        print(f"error: --n must be 0 or more, got {args.n}", file=sys.stderr)
        return 2
    tables = synth_tables(args.n, seed=args.seed)
    out = write_tables(tables, args.output)
    print(
        f"wrote {len(tables['events'])} synthetic events, {len(tables['places'])} places, "
        f"{len(tables['people'])} people, {len(tables['sources'])} sources to {out}",
        file=sys.stderr,
    )
    return 0


def synth_tables(n: int, *, seed: int = 0) -> dict[str, pd.DataFrame]:
    """The four tables of a synthetic data directory with ``n`` events, as string frames."""
    rng = np.random.default_rng(seed)
    places, hot_ids, tail_ids = synth_places(n, rng)
    people = synth_people(max(15, n // 20), rng)
    sources = synth_sources(max(10, n // 5), rng)
    events = synth_events(n, rng, places, hot_ids, tail_ids, people, sources)
    return {"sources": sources, "places": places, "people": people, "events": events}


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | Path) -> Path:
    """Write each table as its schema's CSV file into ``out_dir`` (created if needed)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for t in schema.TABLES:
        frame = tables[t.name].reindex(columns=t.column_names, fill_value="")
        frame.to_csv(out / t.filename, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    return out


def real_places() -> pd.DataFrame:
    """The bundled gazetteer (real places), as strings."""
    path = settings.BUNDLED_DATA / schema.PLACES.filename
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def synth_places(n: int, rng: np.random.Generator) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Real places plus synthetic hot venues and a long tail; returns (places, hot, tail) ids.

    The tail grows with ``n`` (one place per 25 events, 10 to 4,000) so that 100,000 events
    fall on a few thousand distinct places.
    """
    real = real_places()
    hot_real = [p for p in real["place_id"] if p != CITY_PLACE]

    lat = np.round(rng.normal(CENTRE[0], 0.015, SYNTHETIC_HOT_VENUES), 5)
    lon = np.round(rng.normal(CENTRE[1], 0.02, SYNTHETIC_HOT_VENUES), 5)
    hot = pd.DataFrame(
        {
            "place_id": [f"syn-venue-h{i:02d}" for i in range(1, SYNTHETIC_HOT_VENUES + 1)],
            "name_en": [f"Synthetic venue H{i:02d}" for i in range(1, SYNTHETIC_HOT_VENUES + 1)],
            "place_type": "synthetic venue",
            "precision": "venue",
            "lat": lat.astype(str),
            "lon": lon.astype(str),
        }
    )

    n_tail = int(np.clip(n // 25, 10, 4000))
    precision = rng.choice(
        list(PLACE_PRECISION_WEIGHTS), size=n_tail, p=list(PLACE_PRECISION_WEIGHTS.values())
    )
    (south, west), (north, east) = ALMATY_BOUNDS
    lat = np.round(rng.uniform(south, north, n_tail), 5)
    lon = np.round(rng.uniform(west, east, n_tail), 5)
    # a street is a short segment through its midpoint
    half = rng.uniform(0.002, 0.006, n_tail)
    angle = rng.uniform(0, np.pi, n_tail)
    dlat, dlon = half * np.sin(angle), half * np.cos(angle)
    line = [
        f"{la - a:.5f} {lo - o:.5f}{LIST_SEPARATOR}{la + a:.5f} {lo + o:.5f}"
        if p == "street"
        else ""
        for p, la, lo, a, o in zip(precision, lat, lon, dlat, dlon)
    ]
    noun = {"venue": "venue", "street": "street", "area": "area"}
    tail = pd.DataFrame(
        {
            "place_id": [f"syn-{p}-{i:04d}" for i, p in enumerate(precision, start=1)],
            "name_en": [f"Synthetic {noun[p]} {i:04d}" for i, p in enumerate(precision, start=1)],
            "place_type": [f"synthetic {noun[p]}" for p in precision],
            "precision": precision,
            "lat": lat.astype(str),
            "lon": lon.astype(str),
            "line": line,
        }
    )
    synthetic = pd.concat([hot, tail], ignore_index=True)
    synthetic["coord_source"] = "synthetic: random point in Almaty"
    synthetic["confidence"] = "low"
    synthetic["verified"] = "no"
    synthetic["notes"] = "Synthetic place for benchmarks and tests; not a real location."
    places = pd.concat([real, synthetic], ignore_index=True).fillna("")
    hot_ids = hot_real + list(hot["place_id"])
    return (
        places.reindex(columns=schema.PLACES.column_names, fill_value=""),
        hot_ids,
        list(tail["place_id"]),
    )


def synth_people(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic people, each with a transliteration alias where one applies."""
    female = rng.random(count) < 0.75
    first = np.where(female, rng.choice(FEMALE_NAMES, count), rng.choice(MALE_NAMES, count))
    stem = rng.choice(SURNAMES, count)
    names = [f"{f} {s}{'a' if fem else ''}" for f, s, fem in zip(first, stem, female)]
    aliases = []
    for name in names:
        variant = name
        for old, new in ALIAS_SPELLINGS:
            if old in name.lower():
                variant = name.replace(old, new).replace(old.capitalize(), new.capitalize())
                break
        aliases.append(variant if variant != name else "")
    role = rng.choice(schema.ROLES, count, p=[0.6, 0.15, 0.1, 0.1, 0.05])
    organisation = np.where(
        rng.random(count) < 0.4,
        [f"Synthetic group {k:02d}" for k in rng.integers(1, 21, count)],
        "",
    )
    return pd.DataFrame(
        {
            "person_id": [f"syn-person-{i:05d}" for i in range(1, count + 1)],
            "name": names,
            "aliases": aliases,
            "role": role,
            "organisation": organisation,
            "notes": "Synthetic person for benchmarks and tests; not a real individual.",
        }
    )


def synth_sources(count: int, rng: np.random.Generator) -> pd.DataFrame:
    """Synthetic sources at example.org, titled as synthetic."""
    days = random_days(rng, count)
    ids = [f"syn-src-{i:06d}" for i in range(1, count + 1)]
    return pd.DataFrame(
        {
            "source_id": ids,
            "title": [
                f"[Synthetic source {i:06d}: not a real report]" for i in range(1, count + 1)
            ],
            "publisher": [f"Synthetic Wire {k}" for k in rng.integers(1, 9, count)],
            "date": [d.isoformat() for d in days],
            "url": [f"https://example.org/synthetic/{i}" for i in ids],
            "language": rng.choice(LANGUAGES, count),
            "notes": "Synthetic source generated for benchmarks and tests.",
        }
    )


def random_days(rng: np.random.Generator, count: int) -> list[dt.date]:
    """Dates shaped like the real record: a dense February 2024 wave, peaks on 8 March."""
    kind = rng.choice(3, size=count, p=[SHARE_WAVE, SHARE_MARCH_8, 1 - SHARE_WAVE - SHARE_MARCH_8])
    span = (LAST_DAY - FIRST_DAY).days
    offsets = rng.integers(0, span + 1, count)
    wave_len = (WAVE[1] - WAVE[0]).days
    wave = (WAVE[0] - FIRST_DAY).days + rng.integers(0, wave_len + 1, count)
    years = rng.integers(FIRST_DAY.year, LAST_DAY.year + 1, count)
    march_8 = np.array([(dt.date(int(y), 3, 8) - FIRST_DAY).days for y in years], dtype=np.int64)
    march_8 += rng.integers(-3, 4, count)
    offsets = np.where(kind == 0, wave, np.where(kind == 1, march_8, offsets))
    base = np.datetime64(FIRST_DAY.isoformat())
    return list((base + offsets.astype("timedelta64[D]")).astype(object))


def pick_places(
    n: int, rng: np.random.Generator, hot_ids: list[str], tail_ids: list[str]
) -> np.ndarray:
    """Place ids: Zipf-like over the hot venues, uniform over the tail, some not reported."""
    kind = rng.choice(3, size=n, p=[SHARE_HOT, SHARE_TAIL, 1 - SHARE_HOT - SHARE_TAIL])
    weights = 1 / np.arange(1, len(hot_ids) + 1) ** 0.8
    hot = rng.choice(np.array(hot_ids, dtype=object), size=n, p=weights / weights.sum())
    tail = rng.choice(np.array(tail_ids, dtype=object), size=n)
    return np.where(kind == 0, hot, np.where(kind == 1, tail, CITY_PLACE))


def pick_lists(
    rng: np.random.Generator, pool: np.ndarray, n: int, low: int, high: int
) -> np.ndarray:
    """For each of ``n`` rows, ``low`` to ``high`` (at most 3) distinct items of ``pool``,
    joined with '|'."""
    size = len(pool)
    counts = rng.integers(low, high + 1, n)
    # three distinct indices per row: distinct non-zero offsets from the first
    first = rng.integers(0, size, n)
    step1 = rng.integers(1, max(size, 2), n)
    step2 = rng.integers(1, max(size - 1, 2), n)
    step2 = np.where(step2 >= step1, step2 + 1, step2)
    items = [pool[first], pool[(first + step1) % size], pool[(first + step2) % size]]
    out = np.full(n, "", dtype=object)
    for k in range(1, 4):
        joined = items[0].astype(object)
        for i in range(1, k):
            joined = joined + LIST_SEPARATOR + items[i].astype(object)
        out = np.where(counts == k, joined, out)
    return out


def synth_events(
    n: int,
    rng: np.random.Generator,
    places: pd.DataFrame,
    hot_ids: list[str],
    tail_ids: list[str],
    people: pd.DataFrame,
    sources: pd.DataFrame,
) -> pd.DataFrame:
    """``n`` synthetic events in date order."""
    days = sorted(random_days(rng, n))
    event_type = rng.choice(list(EVENT_TYPE_WEIGHTS), size=n, p=list(EVENT_TYPE_WEIGHTS.values()))
    place_id = pick_places(n, rng, hot_ids, tail_ids)
    by_place = places.set_index("place_id")
    place_name = by_place["name_en"].reindex(place_id).to_numpy()
    precision = by_place["precision"].reindex(place_id).to_numpy()

    person_ids = pick_lists(rng, people["person_id"].to_numpy(), n, 0, 3)
    single = event_type == "picket"
    first_person = people["person_id"].to_numpy()[rng.integers(0, len(people), n)]
    person_ids = np.where(single & (person_ids != ""), first_person, person_ids)
    organisations = np.where(
        rng.random(n) < 0.3,
        [f"Synthetic group {k:02d}" for k in rng.integers(1, 21, n)],
        "",
    )

    low = np.where(single, 1, rng.integers(3, 400, n))
    high = np.where(single, 1, low + rng.integers(0, 300, n))
    unknown_count = rng.random(n) < 0.15
    participants_low = np.where(unknown_count, "", low.astype(str))
    participants_high = np.where(unknown_count, "", high.astype(str))

    outcome_draw = rng.random((n, len(OUTCOME_PROBABILITY)))
    outcome_names = np.array(list(OUTCOME_PROBABILITY))
    outcome_hit = outcome_draw < np.array(list(OUTCOME_PROBABILITY.values()))
    outcomes = [LIST_SEPARATOR.join(outcome_names[row]) for row in outcome_hit]

    disputed = rng.random(n) < 0.04
    other = rng.integers(2, 500, n)
    disputes = [
        f"{SYNTH_LABEL} Sources disagree on the count: one gives {lo or 'none'}, another {o}."
        if d
        else ""
        for d, lo, o in zip(disputed, participants_low, other)
    ]
    city_words = rng.choice(["(not reported)", "city centre", "different locations"], n)
    location_text = [
        city if prec == "city" else f"{'on' if prec == 'street' else 'at'} {name}"
        for prec, name, city in zip(precision, place_name, city_words)
    ]
    description = [
        f"{SYNTH_LABEL} Generated {kind.replace('_', ' ')} "
        + ("(place not reported)" if prec == "city" else f"at {name}")
        + "; not a real event."
        for kind, prec, name in zip(event_type, precision, place_name)
    ]
    return pd.DataFrame(
        {
            "event_id": [f"syn-{i:06d}" for i in range(1, n + 1)],
            "date": [d.isoformat() for d in days],
            "time_precision": rng.choice(["1", "2", "3"], n, p=[0.9, 0.07, 0.03]),
            "event_type": event_type,
            "people": person_ids,
            "organisations": organisations,
            "place_id": place_id,
            "location_text": location_text,
            "participants_low": participants_low,
            "participants_high": participants_high,
            "authorisation": rng.choice(
                list(AUTHORISATION_WEIGHTS), n, p=list(AUTHORISATION_WEIGHTS.values())
            ),
            "outcomes": outcomes,
            "description": description,
            "disputes": disputes,
            "sources": pick_lists(rng, sources["source_id"].to_numpy(), n, 1, 3),
        }
    )
