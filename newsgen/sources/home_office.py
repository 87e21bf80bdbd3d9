"""The Home Office "Police recorded crime open data" table at Police Force Area
level: one row per force, financial quarter and detailed offence code.

The raw export has quirks, each handled here:

* counts are padded with spaces (``" 121 "``) and zero is written ``-00``;
* a quarter can be negative: an adjustment that moves offences recorded in an
  earlier quarter to another code. A year's figure is the sum of its four
  quarters *including* adjustments, as the Home Office's own annual totals
  are; a year total below zero is refused as an error, naming every line;
* force names follow the Home Office's spelling (``London, City of``), read
  through the force table's aliases;
* the homicide codes are combined in one code, ``1/4.1/4.10/4.2``: the export
  has one row per original code, all labelled "Homicide", so a combined code
  (one with a ``/``) may repeat within a quarter and its rows are summed; any
  other repeated row is an error;
* rows for bodies that are not territorial forces (Action Fraud, CIFAS, UK
  Finance, Financial Fraud Action UK, British Transport Police) are skipped.

The Dataset has one row per force, financial year (``2017-18``) and offence
code (the category), with ``lines``: the lines of the quarters summed.

The table is read from the CSV export, or from the published spreadsheet
(.ods, .xlsx): every sheet with a header row naming the columns (a sheet per
financial year), below any title rows. A quarter the publisher marks as not
available (``[x]``, ``..``) leaves its year not available: it is never
summed as zero.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import Dataset, Source
from newsgen.sources.sheets import marker
from newsgen.sources.table import (NOT_FORCES, Problems, Resolver, parse_signed_count, read_table,
                                   unknown_force)

YEAR = "Financial Year"
QUARTER = "Financial Quarter"
FORCE = "Force Name"
DESCRIPTION = "Offence Description"
GROUP = "Offence Group"
SUBGROUP = "Offence Subgroup"
CODE = "Offence Code"
VALUE = "Number of Offences"
COLUMNS = (YEAR, QUARTER, FORCE, DESCRIPTION, GROUP, SUBGROUP, CODE, VALUE)

_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def _year_label(cell: str) -> str | None:
    m = _YEAR.match(cell.strip())
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        return None
    return f"{m.group(1)}-{m.group(2)}"


def load_home_office(path: Path, forces: ForceTable, *, codes: set[str] | None = None,
                     territorial_only: bool = True, markers: dict | None = None,
                     problem: Problems | None = None) -> Dataset:
    """The table summed to financial years; only `codes` if given."""
    problem = problem or Problems()
    table = read_table(path, COLUMNS, problem)
    shown, col, rows, error = table.shown, table.col, table.rows, table.error
    i_year, i_quarter, i_force, i_desc, _g, _s, i_code, i_value = (col[c] for c in COLUMNS)
    resolve = Resolver(forces)
    years: dict[str, str] = {}
    sums: dict[tuple, list] = {}     # (slug, period, code) -> [value, lines, quarters, sheet]
    descriptions: dict[str, str] = {}
    unavailable: dict[tuple, tuple] = {}
    for line, row, sheet in rows:
        try:
            code = row[i_code].strip()
            if not code:
                raise error(sheet, line, CODE, "blank cell; expected an offence code")
            if codes is not None and code not in codes:
                continue
            name = row[i_force].strip()
            force = resolve(name)
            if force is None:
                if name.lower() in NOT_FORCES:
                    continue
                raise error(sheet, line, FORCE, unknown_force(name, forces))
            if territorial_only and not force.territorial:
                continue
            period = years.get(row[i_year])
            if period is None:
                period = _year_label(row[i_year])
                if period is None:
                    raise error(sheet, line, YEAR,
                                f"expected a financial year like 2017/18, got {row[i_year]!r}")
                years[row[i_year]] = period
            quarter = row[i_quarter].strip()
            if quarter not in ("1", "2", "3", "4"):
                raise error(sheet, line, QUARTER, f"expected a quarter 1 to 4, got {row[i_quarter]!r}")
            key = (force.slug, period, code)
            entry = sums.setdefault(key, [0, [], {}, sheet])
            description = row[i_desc].strip()
            described = (quarter, description)
            if described in entry[2] and "/" not in code:
                raise error(sheet, line, None,
                            f"duplicate row for {name}, {period} quarter {quarter}, "
                            f"code {code}, {description!r}; "
                            f"first given at {'row' if sheet else 'line'} {entry[2][described]}")
            entry[2][described] = line
            if code not in descriptions:
                descriptions[code] = description
            missing = marker(row[i_value], markers)
            if missing is not None:
                unavailable[(force.slug, period, code.lower())] = (
                    missing, Source(shown, line, VALUE, table.cell(sheet, VALUE, line)))
                continue
            try:
                value = parse_signed_count(shown, line, VALUE, row[i_value])
            except DataError as exc:
                raise error(sheet, line, VALUE, exc.message) from None
            entry[0] += value
            entry[1].append(line)
        except DataError as exc:
            problem(exc)
    if not sums:
        wanted = f" for offence code(s) {', '.join(sorted(codes))}" if codes else ""
        raise DataError(shown, None, CODE, f"no rows for any territorial police force{wanted}")
    records = []
    for (slug, period, code), (value, lines, _quarters, sheet) in sums.items():
        if (slug, period, code.lower()) in unavailable or not lines:
            continue   # a quarter not available: so is the year
        if value < 0:
            problem(error(sheet, lines[0], VALUE,
                          f"the quarters on {'rows' if sheet else 'lines'} "
                          f"{', '.join(map(str, lines))} sum to {value}, "
                          "a negative year total; adjustments cannot exceed what was recorded"))
            continue
        records.append((slug, period, code, value, lines[0], tuple(lines), sheet,
                        table.letters[sheet][VALUE] if sheet else ""))
    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line", "lines",
                                           "sheet", "letter"])
    if not table.letters:
        frame = frame.drop(columns=["sheet", "letter"])
    periods = sorted(set(frame["period"].unique()) | {k[1] for k in unavailable})
    return Dataset(file=shown, frame=frame, periods=list(periods), value_column=VALUE,
                   area_column=FORCE, national_name="England and Wales",
                   national_from_areas=True,
                   value_how="sum of the financial year's quarters, adjustments included",
                   categories=descriptions, unavailable=unavailable)
