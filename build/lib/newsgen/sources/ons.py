"""The ONS "Recorded crime data at Police Force Area level" table.

Columns: ``12 months ending`` (DD-MM-YYYY), ``PFA``, ``Region``, ``Offence``,
``Rolling year total number of offences``. Each row is one force's rolling
12-month total for one offence category. Periods become ISO end dates
('31-12-2018' -> '2018-12-31'); the source writes one December date as
'30-12-2017', which is read as the year ending 31 December 2017 (every other
year-end in the table is the last day of a quarter).

Only the 43 territorial forces are kept: British Transport Police and the
national fraud bodies (Action Fraud, CIFAS, UK Finance) are not police force
areas. There is no national row; the England and Wales total is the sum of
the 43 forces (see facts).

A few rolling totals are negative (25 rows, in categories such as fraud and
death by driving, after the ONS moved offences between categories); they are
read as published. A story never reports a negative figure: the build skips a
force whose figure for the periods compared is below zero.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import Dataset
from newsgen.sources.table import NOT_FORCES, Resolver, read_table, parse_signed_count

DATE = "12 months ending"
FORCE = "PFA"
REGION = "Region"
OFFENCE = "Offence"
VALUE = "Rolling year total number of offences"
COLUMNS = (DATE, FORCE, REGION, OFFENCE, VALUE)

# Dates the source writes a day early; read as the quarter's last day.
KNOWN_SLIPS = {"30-12-2017": "2017-12-31"}

_DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")




def parse_year_ending(shown: str, line: int, cell: str) -> str:
    text = cell.strip()
    if text in KNOWN_SLIPS:
        return KNOWN_SLIPS[text]
    m = _DATE.match(text)
    if not m:
        raise DataError(shown, line, DATE, f"expected a date like 31-12-2018, got {cell!r}")
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
    except ValueError:
        raise DataError(shown, line, DATE, f"no such date: {cell!r}") from None


def load_ons(path: Path, forces: ForceTable, *, territorial_only: bool = True) -> Dataset:
    shown, col, rows = read_table(path, COLUMNS)
    i_date, i_force, i_region, i_offence, i_value = (col[c] for c in COLUMNS)
    resolve = Resolver(forces)
    records = []
    seen: dict[tuple, int] = {}
    dates: dict[str, str] = {}
    for line, row in rows:
        name = row[i_force].strip()
        if not name:
            raise DataError(shown, line, FORCE, "blank cell; expected a police force area")
        force = resolve(name)
        if force is None:
            if name.lower() in NOT_FORCES or row[i_region].strip().lower().startswith("fraud"):
                continue
            raise DataError(shown, line, FORCE,
                            f"unknown police force {name!r}; see data/police-forces.csv")
        if territorial_only and not force.territorial:
            continue
        raw_date = row[i_date]
        period = dates.get(raw_date)
        if period is None:
            period = dates[raw_date] = parse_year_ending(shown, line, raw_date)
        category = row[i_offence].strip()
        if not category:
            raise DataError(shown, line, OFFENCE, "blank cell; expected an offence category")
        cell = row[i_value]
        if cell.isdigit() and cell.isascii() and len(cell) < 9:   # the usual case, quickly
            value = int(cell)
        else:
            value = parse_signed_count(shown, line, VALUE, cell)
        key = (force.slug, period, category)
        if key in seen:
            raise DataError(shown, line, None,
                            f"duplicate row for {name}, {raw_date.strip()}, {category}; "
                            f"first given at line {seen[key]}")
        seen[key] = line
        records.append((force.slug, period, category, value, line))
    if not records:
        raise DataError(shown, None, None, "no rows for any territorial police force")
    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line"])
    periods = sorted(frame["period"].unique())
    return Dataset(file=shown, frame=frame, periods=list(periods), value_column=VALUE,
                   area_column=FORCE, national_name="England and Wales",
                   national_from_areas=True)
