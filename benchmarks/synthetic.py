"""Synthetic data for benchmarks: N made-up areas and figures for them.

Everything here is invented (seeded random numbers) and labelled synthetic in
every row; it is written to a temporary folder or benchmarks/results/, never
into data/, and never shipped as real figures.

    from benchmarks.synthetic import write_areas, write_tidy
    areas = write_areas(folder / "areas.csv", 10_000)
    data = write_tidy(folder / "tidy.csv", 10_000)
    newsgen build --all-forces --areas areas.csv --story child-abuse-images --data tidy.csv

There is a writer for each data loader a kit can name (``GENERATORS``, by
loader): ``write_tidy`` (tidy), ``write_ons`` (ons: the ONS rolling-year
table, 2003 to 2018) and ``write_home_office`` (home_office: the Home Office
quarterly open data). The ONS and Home Office tables have fixed columns, so
there the synthetic label is in a free-text column every row has (``Region``;
``Offence Group`` and ``Offence Subgroup``), besides the area names.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

AREA_COLUMNS = ("short_name", "ons_pfa_code", "region", "police_uk_id",
                "official_label_police_uk_2012", "force_name_in_prc_2017_18",
                "population_mid2018")
REGIONS = ("North East", "North West", "Yorkshire and The Humber", "East Midlands",
           "West Midlands", "East", "London", "South East", "South West", "Wales")
SOURCE = "synthetic benchmark data, not real figures"
CATEGORIES = ("possession of an indecent photograph",
              "taking, making or distributing indecent photographs")


def area_name(i: int) -> str:
    return f"Synthetic Area {i:05d}"


def area_slug(i: int) -> str:
    return f"synthetic-area-{i:05d}"


def write_areas(path: Path, n: int, seed: int = 1) -> Path:
    """A reference table of `n` synthetic areas in the police-forces.csv format.
    Every area is 'territorial' (it has a made-up ONS-style code)."""
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(AREA_COLUMNS)
        for i in range(1, n + 1):
            name = area_name(i)
            population = "" if i % 97 == 0 else rng.randint(20_000, 2_000_000)
            out.writerow((name, f"X99{i:06d}", REGIONS[i % len(REGIONS)], area_slug(i),
                          f"{name} Police (synthetic)", name, population))
    return path


def write_tidy(path: Path, n: int, seed: int = 2) -> Path:
    """A tidy CSV (force, period, category, offences, source) for `n` synthetic
    areas, in the shape of the NSPCC kit's data: two years of totals, a
    breakdown for some areas, a national total, and the awkward cases (one
    year only, up from none, unchanged, no breakdown, all unspecified)."""
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = []
    nat_prev = nat_cur = 0
    for i in range(1, n + 1):
        name = area_name(i)
        cur = rng.randint(0, 2_000) if i % 50 else rng.randint(0, 20)
        kind = i % 20
        if kind == 1:
            prev = None                       # one year only
        elif kind == 2:
            prev = 0                          # up from none
        elif kind == 3:
            prev = cur                        # unchanged
        else:
            prev = max(0, int(cur * rng.uniform(0.5, 1.6)))
        if prev is not None:
            rows.append((name, "2016-17", "all", prev))
            nat_prev += prev
        rows.append((name, "2017-18", "all", cur))
        nat_cur += cur
        if kind in (4, 5, 6, 7) and cur > 0:      # a breakdown
            first = rng.randint(0, cur)
            second = rng.randint(0, cur - first)
            rows.append((name, "2017-18", CATEGORIES[0], first))
            rows.append((name, "2017-18", CATEGORIES[1], second))
            if kind == 5 and cur - first - second:
                rows.append((name, "2017-18", "unspecified", cur - first - second))
        elif kind == 8:
            rows.append((name, "2017-18", "unspecified", cur))
    rows.append(("United Kingdom", "2016-17", "all", nat_prev))
    rows.append(("United Kingdom", "2017-18", "all", nat_cur))
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(("force", "period", "category", "offences", "source"))
        for row in rows:
            out.writerow((*row, SOURCE))
    return path


LABEL = " (synthetic data, not real figures)"

# The ONS table: every "12 months ending" date it has, as it writes them:
# year ending March 2003 to March 2007, then every quarter to December 2018,
# with December 2017 written a day early (a quirk newsgen reads).
ONS_DATES = tuple(
    [f"31-03-{y}" for y in range(2003, 2007)]
    + ["30-12-2017" if (d, y) == ("31-12", 2017) else f"{d}-{y}"
       for y in range(2007, 2019) for d in ("31-03", "30-06", "30-09", "31-12")])
# A category no story reads, with the negative rolling totals the real table
# has in a few small categories (the loader reads them as published).
ONS_OTHER = "Death or serious injury caused by illegal driving"
ONS_KIT = Path(__file__).resolve().parent.parent / "newsgen" / "shipped" / "kits" / "ons-recorded-crime"


def ons_categories() -> tuple[str, ...]:
    """The offence categories of the ONS kit's stories (from its kit.toml)."""
    from newsgen.kit import read_kits
    return tuple(k.category for k in read_kits(ONS_KIT))


def write_ons(path: Path, n: int, seed: int = 3, categories: tuple[str, ...] | None = None,
              dates: tuple[str, ...] = ONS_DATES) -> Path:
    """The ONS police-force-area table for `n` synthetic areas: one rolling
    12-month total per area, date and category, from March 2003 to December
    2018, for every story category of the ONS kit and one other.

    Each area's series is a seeded random walk around its own level. The
    awkward cases, in small proportion: an area whose figures start in 2013
    (a first year after 2003), one with a gap (two missing dates, neither of
    the dates compared), a zero in the year compared, a new record high or
    low against the whole series, and negative totals in the category no
    story reads. Rows for Action Fraud (a national body, not an area) are
    included, as the real table has them; the loader skips them. `dates`,
    the table's last few (ONS_DATES[-12:]), makes a smaller table of the
    same shape, with a first year and a gap among them.
    """
    rng = random.Random(seed)
    categories = tuple(categories) if categories else ons_categories()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    last = len(dates) - 1
    first_year = dates.index("31-03-2013") if "31-03-2013" in dates else last // 2
    missing = {20, 21} if last > 30 else {1, 2}   # neither of the dates compared
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(("12 months ending", "PFA", "Region", "Offence",
                      "Rolling year total number of offences"))
        for i in range(1, n + 1):
            name, region = area_name(i), REGIONS[i % len(REGIONS)] + LABEL
            kind = i % 25
            start = first_year if kind == 1 else 0                       # a first year
            gap = missing if kind == 2 else set()                        # a missing value
            series = {}
            for c, category in enumerate(categories):
                level = rng.uniform(5, 3_000)
                drift = rng.uniform(-0.03, 0.03)
                values = []
                for _ in dates:
                    level = max(0.0, level * (1 + drift + rng.gauss(0, 0.06)))
                    values.append(round(level))
                if kind == 3 and c == 0:
                    values[last] = 0                                     # a zero
                elif kind == 4:
                    values[last] = max(values) + rng.randint(1, 50)      # a record high
                elif kind == 5:
                    values[last] = max(0, min(values[:last]) - rng.randint(1, 20))  # a record low
                series[category] = values
            other = [rng.randint(-3, 12) for _ in dates]
            for d, date in enumerate(dates):
                if d < start or d in gap:
                    continue
                for category in categories:
                    out.writerow((date, name, region, category, series[category][d]))
                out.writerow((date, name, region, ONS_OTHER, other[d]))
        for date in dates[-8:]:
            out.writerow((date, "Action Fraud", "Fraud: Action Fraud" + LABEL, "Action Fraud",
                          rng.randint(200_000, 300_000)))
    return path


HO_CODE = ("86", "Obscene publications etc", "Miscellaneous crimes", "Miscellaneous crimes")
HO_OTHER = (("80", "Absconding from lawful custody", "Miscellaneous crimes", "Miscellaneous crimes"),
            ("1/4.1/4.10/4.2", "Homicide", "Violence against the person", "Homicide"))


def _ho_count(value: int) -> str:
    """A count as the Home Office export writes it: padded, zero as '-00'."""
    return "-00 " if value == 0 else f" {value} "


def write_home_office(path: Path, n: int, seed: int = 4) -> Path:
    """The Home Office open data table for `n` synthetic areas, 2017/18: one
    row per area, quarter and offence code, for code 86 (the kit's) and two
    codes it does not read, including the combined homicide code whose rows
    repeat within a quarter.

    The export's quirks are kept: padded counts, zero written '-00', some
    names written 'Area 00010, Synthetic' (as 'London, City of'), rows for
    national fraud bodies, and, in small proportion, a negative adjustment in
    one quarter (the year still sums to zero or more), a year of zeros, a
    quarter missing, and areas with under 20 offences (too few for a rate
    angle).
    """
    rng = random.Random(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)

    def labelled(code):
        return (code[0], code[1], code[2] + LABEL, code[3] + LABEL)

    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(("Financial Year", "Financial Quarter", "Force Name", "Offence Description",
                      "Offence Group", "Offence Subgroup", "Offence Code", "Number of Offences"))

        def row(quarter, name, code, value):
            number, description, group, subgroup = labelled(code)
            out.writerow(("2017/18", quarter, name, description, group, subgroup, number,
                          _ho_count(value)))

        for quarter in (1, 2, 3, 4):
            row(quarter, "Action Fraud", ("AF", "Fraud offences recorded by Action Fraud",
                                          "Fraud offences", "Fraud: action fraud"),
                rng.randint(50_000, 80_000))
        for i in range(1, n + 1):
            name = area_name(i)
            if i % 10 == 0:                       # the 'London, City of' spelling
                head, _, tail = name.rpartition(" ")
                name = f"Area {tail}, Synthetic"
            kind = i % 25
            level = rng.randint(0, 8) if kind == 6 else rng.randint(5, 300)
            quarters = [0, 0, 0, 0] if kind == 3 else [
                max(0, round(level * rng.uniform(0.6, 1.4))) for _ in range(4)]
            if kind == 7 and quarters[0] > 1:     # an adjustment to an earlier quarter
                quarters[2] = -rng.randint(1, quarters[0])
            for q, value in enumerate(quarters, start=1):
                if kind == 2 and q == 4:          # a quarter missing
                    continue
                row(q, name, HO_CODE, value)
                row(q, name, HO_OTHER[0], rng.randint(0, 5))
                for _ in range(2):                # repeated rows of the combined code
                    row(q, name, HO_OTHER[1], rng.randint(0, 1))
    return path


# The data a kit's loader reads, by loader name: (write function, description).
GENERATORS = {
    "tidy": (write_tidy, "tidy CSV in the NSPCC kit's shape"),
    "ons": (write_ons, "ONS rolling-year table by police force area, 2003 to 2018"),
    "home_office": (write_home_office, "Home Office quarterly open data, 2017/18"),
}


# --- synthetic review drafts (benchmarks/bench_review.py, the review page's tests) -------

DRAFT_TOPICS = ("burglary", "robbery", "shoplifting", "stalking", "harassment", "arson",
                "fraud", "vandalism", "pickpocketing", "trespass", "smuggling", "poaching")
DRAFT_EDITORS = ("Synthetic Editor Ada", "Synthetic Editor Ben", "Synthetic Editor Cat",
                 "Synthetic Editor Dev", "Synthetic Editor Eve", "Synthetic Editor Fay")
DRAFT_FLAGS = ("big-change", "missing-breakdown", "zero", "first-year", "outlier-rank")
_DRAFT_COLUMNS = ("key", "kit", "slug", "force", "force_label", "period", "status",
                  "machine_text", "edited_text", "facts", "fingerprint", "flags", "stale",
                  "published_version", "version", "created", "updated", "updated_by")


def synthetic_text(area: str, topic: str, period: str, rng: random.Random) -> str:
    """An article-shaped text (headline, standfirst, paragraphs, notes) of
    about 2,000 characters, as long as a shipped story's; made-up figures."""
    now, before = rng.randint(0, 4_000), rng.randint(1, 4_000)
    way = "up" if now >= before else "down"
    paragraphs = [
        f"{area} recorded {now:,} {topic} offences in {period}, {way} from {before:,} "
        f"the year before, according to synthetic figures.",
        f"Across the synthetic region there were {now * 7:,} {topic} offences; {area} had "
        f"the {rng.choice(('largest', 'second largest', 'smallest'))} number of the seven areas.",
        f"Per head, {area} had a rate of {rng.uniform(1, 90):.1f} {topic} offences for every "
        "100,000 people, against a synthetic national rate of "
        f"{rng.uniform(1, 90):.1f}.",
        f"Of the {topic} offences, {rng.randint(1, 99)} in 100 were recorded in the "
        f"{rng.choice(('first', 'second', 'third', 'fourth'))} quarter of the year.",
        "The figures for earlier years were revised by the synthetic source in its latest "
        "release, and a small number of offences were moved between categories.",
    ]
    notes = ["Source: synthetic benchmark data, not real figures. No area, force or number "
             "in this text is real.",
             "This story was written automatically from the figures by newsgen."]
    return "\n\n".join([f"{area} {topic} offences {way} in {period} (synthetic)",
                        f"Synthetic figures show {topic} in {area} {way} on the year before.",
                        *paragraphs, "Notes to editors", *notes]) + "\n"


def write_drafts(store, n: int, seed: int = 5, stories: int = 30, periods: int = 4) -> int:
    """`n` synthetic drafts (stories x periods x areas) with a review
    history (approvals, edits, rejections, publications by a few synthetic
    editors) written into a review store through its schema, in one
    transaction. Every text and force name says synthetic. Returns the
    number of audit rows written."""
    rng = random.Random(seed)
    combos = [(f"synthetic-{DRAFT_TOPICS[s % len(DRAFT_TOPICS)]}-{s:02d}", f"{2015 + p}-{16 + p}")
              for s in range(stories) for p in range(periods)]
    per_combo = -(-n // len(combos))
    drafts, histories = [], []
    for i in range(n):
        kit, period = combos[i // per_combo]
        area_no = i % per_combo + 1
        area, slug = area_name(area_no), area_slug(area_no)
        topic = kit.split("-")[1]
        text = synthetic_text(area, topic, period, rng)
        status = rng.choices(("draft", "approved", "published", "rejected"), (70, 15, 10, 5))[0]
        edited = text.replace("according to synthetic figures", "synthetic figures show") \
            if rng.random() < 0.1 else None
        flags = sorted(rng.sample(DRAFT_FLAGS, rng.choice((0, 0, 1, 1, 2, 3))),
                       key=DRAFT_FLAGS.index)
        facts = {"current": {"value": rng.randint(0, 4_000), "how": "synthetic"},
                 "previous": {"value": rng.randint(0, 4_000), "how": "synthetic"}}
        day = 1 + i % 28
        created = f"2026-10-{day:02d}T08:00:00+00:00"
        history = [("build", "create", "", created)]
        editor = rng.choice(DRAFT_EDITORS)
        when = f"2026-11-{day:02d}T{8 + i % 10:02d}:{i % 60:02d}:00+00:00"
        if edited:
            history.append((editor, "edit", "synthetic edit", when))
        if status in ("approved", "published"):
            history.append((editor, "approved", "", when))
        if status == "published":
            history.append(("build", "publish", "", when))
        if status == "rejected":
            history.append((editor, "rejected", "synthetic: not news", when))
        drafts.append((f"{kit}/{slug}/{period}", kit, slug, area, f"{area} Police (synthetic)",
                       period, status, text, edited, json.dumps(facts), f"synthetic-{i}",
                       json.dumps(flags), int(status == "draft" and rng.random() < 0.03),
                       int(status == "published"), len(history), created, history[-1][3],
                       history[-1][0]))
        histories.append(history)
    with store.transaction() as db:
        first = db.execute("SELECT coalesce(max(id), 0) FROM drafts").fetchone()[0] + 1
        db.executemany(f"INSERT INTO drafts ({', '.join(_DRAFT_COLUMNS)}) "
                       f"VALUES ({', '.join('?' * len(_DRAFT_COLUMNS))})", drafts)
        audit = [(first + i, at, who, action, note)
                 for i, history in enumerate(histories) for who, action, note, at in history]
        audit.sort(key=lambda row: row[1])   # the log's ids in time order, as a real store's
        db.executemany("INSERT INTO audit (draft_id, at, who, action, note) VALUES (?,?,?,?,?)",
                       audit)
    return len(audit)
