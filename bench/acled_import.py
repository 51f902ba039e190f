"""Benchmark: import an ACLED-shaped file of N rows (default 1,000,000) and report the time
and the peak memory (``python bench/acled_import.py [N]``).

The rows are made up here (ACLED's 2023+ header, invented values), written to a temporary
file that is deleted afterwards: no ACLED data is used or committed. The import runs in a
child process so that its peak resident memory (``ru_maxrss``) is its own.
"""

from __future__ import annotations

import csv
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,"
    "actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,"
    "iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,"
    "source_scale,notes,fatalities,tags,timestamp"
).split(",")
TYPES = (
    ("Demonstrations", "Protests", "Peaceful protest", "Protesters"),
    ("Demonstrations", "Riots", "Violent demonstration", "Rioters"),
    ("Political violence", "Battles", "Armed clash", "State forces"),
    ("Political violence", "Violence against civilians", "Attack", "Political militia"),
    ("Strategic developments", "Strategic developments", "Arrests", "State forces"),
)
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def write_file(path: Path, n: int, seed: int = 1) -> None:
    """``n`` invented rows in ACLED's 2023+ shape: 20,000 places, 2,000 sources."""
    rng = random.Random(seed)
    places = [
        (
            f"Town {i}",
            f"District {i % 900}",
            f"Province {i % 60}",
            f"Country {i % 12}",
            round(rng.uniform(-40, 60), 4),
            round(rng.uniform(-20, 120), 4),
        )
        for i in range(20_000)
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(HEADER)
        for i in range(n):
            disorder, etype, sub, kind = TYPES[rng.randrange(len(TYPES))]
            town, district, province, country, lat, lon = places[rng.randrange(len(places))]
            year = 2018 + i % 7
            date = (
                f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}"
                if i % 2
                else f"{1 + i % 28}-{MONTHS[i % 12]}-{year % 100:02d}"
            )
            writer.writerow(
                [
                    f"TST{i}",
                    date,
                    year,
                    1 + i % 3,
                    disorder,
                    etype,
                    sub,
                    f"{kind} ({country})",
                    "Students; Workers" if i % 5 == 0 else "",
                    kind,
                    "",
                    "",
                    "",
                    f"{kind} only",
                    "",
                    999,
                    "Test region",
                    country,
                    province,
                    district,
                    "",
                    town,
                    lat,
                    lon,
                    1 + i % 3,
                    f"Paper {i % 2000}; Radio {i % 300}",
                    "National",
                    f"Invented event number {i} for the import benchmark.",
                    i % 4,
                    "crowd size=no report" if i % 7 == 0 else "",
                    1_700_000_000 + i,
                ]
            )


def main(n: int = 1_000_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source, out = Path(tmp) / "acled.csv", Path(tmp) / "data"
        t0 = time.perf_counter()
        write_file(source, n)
        size = source.stat().st_size
        print(f"wrote {n:,} rows ({size / 2**20:,.0f} MiB) in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "dashboard",
                "import",
                str(source),
                "-o",
                str(out),
                "--no-check",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print("\n".join(done.stderr.splitlines()[-3:]))
        print(f"import: exit {done.returncode}, {seconds:.1f} s, peak memory {peak:,.0f} MiB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
