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

import numpy as np
import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import Dataset, Source
from newsgen.sources.columns import Unexpected, fast_path, present, read_columns
from newsgen.sources.files import display_path
from newsgen.sources.sheets import is_spreadsheet, marker
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
    if not is_spreadsheet(path):   # a well-formed CSV column by column; anything else row by row
        fast = fast_path(_by_columns, path, forces, codes, territorial_only, markers)
        if fast is not None:
            return fast
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


def _by_columns(path, forces, codes, territorial_only, markers) -> Dataset:
    """The CSV export as `load_home_office` reads a well-formed one, column
    by column (newsgen.sources.columns): each distinct code, force, year,
    quarter and count read once, each year's quarters summed with numpy.
    Raises on anything else, for the row reader to report."""
    table = read_columns(path, COLUMNS, numbers=(VALUE, QUARTER, CODE))
    shown = display_path(path)

    def read(name, interpret, rows=None):
        """(a number per row of `rows`, the distinct meanings), each text read once."""
        ids, texts = table[name]
        mine = ids if rows is None else ids[rows]
        meanings, number = {}, np.full(len(texts), -1, dtype=np.int64)
        for i in present(mine, len(texts)):
            number[i] = meanings.setdefault(interpret(texts[i]), len(meanings))
        return number[mine], list(meanings)

    def offence_code(text):
        if not text.strip():
            raise Unexpected("blank code")
        return text.strip()

    code, code_texts = read(CODE, offence_code)
    wanted = np.array([codes is None or c in codes for c in code_texts], dtype=bool)[code]
    rows = np.flatnonzero(wanted)

    def area(text):
        force = forces.resolve(text.strip())
        if force is None:
            if text.strip().lower() in NOT_FORCES:
                return None
            raise Unexpected("unknown force")
        return force.slug if force.territorial or not territorial_only else None

    slug, slugs = read(FORCE, area, rows)
    kept = slug != slugs.index(None) if None in slugs else np.ones(len(rows), dtype=bool)
    rows, slug, code = rows[kept], slug[kept], code[rows[kept]]
    if not len(rows):
        raise Unexpected("no rows")

    def year(text):
        label = _year_label(text)
        if label is None:
            raise Unexpected("year")
        return label

    def quarter_of(text):
        if text.strip() not in ("1", "2", "3", "4"):
            raise Unexpected("quarter")
        return text.strip()

    period, periods = read(YEAR, year, rows)
    quarter, _quarters = read(QUARTER, quarter_of, rows)
    description, descriptions = read(DESCRIPTION, str.strip, rows)
    # one figure per force, year and code ("key"); a quarter of a code given
    # twice is an error unless the code combines several (1/4.1/4.10/4.2)
    key = (slug * len(periods) + period) * len(code_texts) + code
    combined = np.array(["/" in c for c in code_texts], dtype=bool)[code]
    single = np.sort(((key * 4 + quarter) * len(descriptions) + description)[~combined])
    if (single[1:] == single[:-1]).any():
        raise Unexpected("duplicate")

    counts, cells = table[VALUE]
    mine = counts[rows]
    number = np.zeros(len(cells), dtype=np.int64)
    marks = {}
    for i in present(mine, len(cells)):
        missing = marker(cells[i], markers)
        if missing is not None:
            marks[i] = missing
        else:
            number[i] = parse_signed_count(shown, 0, VALUE, cells[i])
    lines = rows + 2
    unavailable: dict[tuple, tuple] = {}
    marked = np.isin(mine, list(marks)) if marks else np.zeros(len(rows), dtype=bool)
    for at in np.flatnonzero(marked).tolist():
        unavailable[(slugs[slug[at]], periods[period[at]], code_texts[code[at]].lower())] = (
            marks[int(mine[at])], Source(shown, int(lines[at]), VALUE, ""))
    # each code's description: the first row's (of the forces read)
    first_of_code = {}
    for c, d in zip(code.tolist(), description.tolist()):
        first_of_code.setdefault(c, d)
    # the groups in the order their first rows come, each with its lines in order
    order = np.argsort(key, kind="stable")
    groups, starts = np.unique(key[order], return_index=True)
    ends = np.append(starts[1:], len(order))
    records = []
    for start, end in sorted(zip(starts.tolist(), ends.tolist()), key=lambda se: order[se[0]]):
        members = order[start:end]
        at = int(members[0])
        name = (slugs[slug[at]], periods[period[at]], code_texts[code[at]])
        given = members[~marked[members]]
        if (name[0], name[1], name[2].lower()) in unavailable or not len(given):
            continue   # a quarter not available: so is the year
        value = int(number[mine[given]].sum())
        if value < 0:
            raise Unexpected("negative year")
        group_lines = tuple(lines[given].tolist())
        records.append((*name, value, group_lines[0], group_lines))
    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line", "lines"])
    periods_held = sorted(set(frame["period"].unique()) | {k[1] for k in unavailable})
    return Dataset(file=shown, frame=frame, periods=list(periods_held), value_column=VALUE,
                   area_column=FORCE, national_name="England and Wales",
                   national_from_areas=True,
                   value_how="sum of the financial year's quarters, adjustments included",
                   categories={code_texts[c]: descriptions[d] for c, d in first_of_code.items()},
                   unavailable=unavailable)
