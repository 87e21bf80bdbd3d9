"""The ONS police recorded crime tables by police force area, in either of
the two ways the ONS puts them out:

* the long table, "Recorded crime data at Police Force Area level" (CSV):
  ``12 months ending`` (DD-MM-YYYY), ``PFA``, ``Region``, ``Offence``,
  ``Rolling year total number of offences``, one row per force, period and
  offence category. Periods become ISO end dates ('31-12-2018' ->
  '2018-12-31'); the source writes one December date as '30-12-2017', read
  as the year ending 31 December 2017 (every other year-end in the table is
  the last day of a quarter).
* the quarterly "Police force area data tables" workbook (.xlsx, .ods, or a
  CSV saved from it), as published: its ``Table P1`` (the kit's ``sheet``)
  holds one period, named in the title ("... year ending December 18" with
  footnote digits glued on, or "year ending December 2021 [note 1]"), and a
  column per offence category under a header row with ``Area Code`` and
  ``Area Name`` (one or two header levels; spacer columns; a units row;
  notes below). Forces are found by their ONS code, or by name without its
  footnote digits. Categories are the header's words without footnotes; the
  three the workbooks word differently from the long table are read under
  the long table's names, so one kit reads either.

Only the 43 territorial forces are kept: British Transport Police and the
national fraud bodies (Action Fraud, CIFAS, UK Finance), the regions and the
national rows are not police force areas; the England and Wales total is the
sum of the 43 forces (see facts). A cell the publisher marks ``..`` or
``[x]`` is not available (newsgen.sources.sheets), never zero.

A few rolling totals are negative (25 rows, in categories such as fraud and
death by driving, after the ONS moved offences between categories); they are
read as published. A story never reports a negative figure: the build skips a
force whose figure for the periods compared is below zero.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import calendar
import csv
import io

import numpy as np
import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import Dataset, Source
from newsgen.sources.files import display_path, read_text
from newsgen.sources.columns import Unexpected, fast_path, present, read_columns
from newsgen.sources.sheets import (cell_text, clean_label, column_letter, find_header, is_spreadsheet,
                                    marker, read_workbook, whole_number)
from newsgen.sources.table import (NOT_FORCES, Problems, Resolver, parse_signed_count, read_table,
                                   unknown_force)

DATE = "12 months ending"
FORCE = "PFA"
REGION = "Region"
OFFENCE = "Offence"
VALUE = "Rolling year total number of offences"
COLUMNS = (DATE, FORCE, REGION, OFFENCE, VALUE)

# Dates the source writes a day early; read as the quarter's last day.
KNOWN_SLIPS = {"30-12-2017": "2017-12-31"}

_DATE = re.compile(r"^(\d{2})-(\d{2})-(\d{4})$")

SHEET = "Table P1"          # the workbook's table of counts
AREA_CODE, AREA_NAME = "Area Code", "Area Name"
# The workbooks' words for three categories, as the long table words them.
LONG_NAMES = {
    "other theft offences": "All other theft offences",
    "miscellaneous crimes": "Miscellaneous crimes against society",
    "death or serious injury - unlawful driving": "Death or serious injury caused by illegal driving",
}
# "year ending December 18" + footnotes "1,2" -> "December 181,2"; a year is
# four digits starting 20, or two.
_TITLE_PERIOD = re.compile(r"year ending (" + "|".join(calendar.month_name[1:]) + r")\s+(20\d\d|\d\d)",
                           re.I)




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


def load_ons(path: Path, forces: ForceTable, *, territorial_only: bool = True,
             sheet: str = SHEET, markers: dict | None = None,
             problem: Problems | None = None) -> Dataset:
    """Either ONS table (see above), by what the file holds."""
    problem = problem or Problems()
    if is_spreadsheet(path) or not _is_long_table(path):
        return _load_workbook(path, forces, territorial_only, sheet, markers, problem)
    return _load_long(path, forces, territorial_only, markers, problem)


def _is_long_table(path: Path) -> bool:
    """Whether a CSV's first line is the long table's header (read alone: the
    whole file is read once, by the loader)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8-sig", "replace")
    except OSError:
        return True   # the loader says what is wrong with the file
    first = next(csv.reader(io.StringIO(head, newline="")), [])
    return DATE in [c.strip() for c in first]


def _load_long(path, forces, territorial_only, markers, problem) -> Dataset:
    # A well-formed table read column by column (newsgen.sources.long_columns):
    # a few bytes a row, not a list of strings; anything else row by row here.
    fast = fast_path(_long_by_columns, path, forces, territorial_only, markers)
    if fast is not None:
        return fast
    table = read_table(path, COLUMNS, problem)
    shown, col, rows = table.shown, table.col, table.rows
    i_date, i_force, i_region, i_offence, i_value = (col[c] for c in COLUMNS)
    resolve = Resolver(forces)
    records = []
    seen: dict[tuple, int] = {}
    dates: dict[str, str] = {}
    unavailable: dict[tuple, tuple] = {}
    for line, row, _sheet in rows:
        try:
            name = row[i_force].strip()
            if not name:
                raise DataError(shown, line, FORCE, "blank cell; expected a police force area")
            force = resolve(name)
            if force is None:
                if name.lower() in NOT_FORCES or row[i_region].strip().lower().startswith("fraud"):
                    continue
                raise DataError(shown, line, FORCE, unknown_force(name, forces))
            if territorial_only and not force.territorial:
                continue
            raw_date = row[i_date]
            period = dates.get(raw_date)
            if period is None:
                period = dates[raw_date] = parse_year_ending(shown, line, raw_date)
            category = row[i_offence].strip()
            if not category:
                raise DataError(shown, line, OFFENCE, "blank cell; expected an offence category")
            key = (force.slug, period, category)
            if key in seen:
                raise DataError(shown, line, None,
                                f"duplicate row for {name}, {raw_date.strip()}, {category}; "
                                f"first given at line {seen[key]}")
            seen[key] = line
            cell = row[i_value]
            if cell.isdigit() and cell.isascii() and len(cell) < 9:   # the usual case, quickly
                value = int(cell)
            else:
                missing = marker(cell, markers)
                if missing is not None:
                    unavailable[(force.slug, period, category.lower())] = (
                        missing, Source(shown, line, VALUE))
                    continue
                value = parse_signed_count(shown, line, VALUE, cell)
            records.append((force.slug, period, category, value, line))
        except DataError as exc:
            problem(exc)
    if not records:
        raise DataError(shown, None, None, "no rows for any territorial police force")
    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line"])
    periods = sorted(set(frame["period"].unique()) | {k[1] for k in unavailable})
    return Dataset(file=shown, frame=frame, periods=list(periods), value_column=VALUE,
                   area_column=FORCE, national_name="England and Wales",
                   national_from_areas=True, unavailable=unavailable)


def _long_by_columns(path, forces, territorial_only, markers) -> Dataset:
    """The long table as `_load_long` reads a well-formed one, column by
    column (newsgen.sources.columns): each distinct force, date, offence and
    count read once. Raises on anything else, for `_load_long` to report."""
    table = read_columns(path, COLUMNS, numbers=(VALUE,))
    shown = display_path(path)
    date_col, force_col, region_col, offence_col, value_col = COLUMNS
    column = table.__getitem__

    # Forces: which rows are kept, and each kept row's area.
    f_codes, f_texts = column(force_col)
    r_codes, r_texts = column(region_col)
    resolve = Resolver(forces)
    ids: dict[str, int] = {}   # slug -> its number
    slug_id = np.full(len(f_texts), -1, dtype=np.int64)
    unknown = np.zeros(len(f_texts), dtype=bool)   # an error, unless its region is fraud
    for i, text in enumerate(f_texts):
        name = text.strip()
        if not name:
            raise Unexpected("blank force")
        force = resolve(name)
        if force is None:
            unknown[i] = name.lower() not in NOT_FORCES
        elif force.territorial or not territorial_only:
            slug_id[i] = ids.setdefault(force.slug, len(ids))
    fraud = np.array([t.strip().lower().startswith("fraud") for t in r_texts], dtype=bool)
    if (unknown[f_codes] & ~fraud[r_codes]).any():
        raise Unexpected("unknown force")
    slugs = list(ids)
    keep = np.flatnonzero(slug_id[f_codes] >= 0)
    if not len(keep):
        raise Unexpected("no rows")
    area = slug_id[f_codes[keep]]

    def used(codes, texts, read):
        """Each text the kept rows hold, read once: (id per kept row, values)."""
        mine = codes[keep]
        numbers: dict = {}
        ids = np.full(len(texts), -1, dtype=np.int64)
        for code in present(mine, len(texts)):
            ids[code] = numbers.setdefault(read(texts[code]), len(numbers))
        return ids[mine], list(numbers)

    d_codes, d_texts = column(date_col)
    period, periods = used(d_codes, d_texts, lambda text: parse_year_ending(shown, 0, text))
    o_codes, o_texts = column(offence_col)

    def offence(text):
        if not text.strip():
            raise Unexpected("blank category")
        return text.strip()

    category, categories = used(o_codes, o_texts, offence)
    # a force, period and category given twice is the row reader's to report
    key = (area * len(periods) + period) * len(categories) + category
    key.sort()
    if (key[1:] == key[:-1]).any():
        raise Unexpected("duplicate")
    del key

    v_codes, v_texts = column(value_col)
    mine = v_codes[keep]
    number = np.zeros(len(v_texts), dtype=np.int64)
    missing: dict[int, object] = {}
    for code in present(mine, len(v_texts)):
        cell = v_texts[code]
        if cell.isdigit() and cell.isascii() and len(cell) < 9:
            number[code] = int(cell)
            continue
        gap = marker(cell, markers)
        if gap is not None:
            missing[code] = gap
        else:
            number[code] = parse_signed_count(shown, 0, value_col, cell)
    unavailable: dict[tuple, tuple] = {}
    given = np.ones(len(keep), dtype=bool)
    if missing:
        marked = np.isin(mine, list(missing))
        given = ~marked
        for at in np.flatnonzero(marked).tolist():
            unavailable[(slugs[area[at]], periods[period[at]], categories[category[at]].lower())] = (
                missing[int(mine[at])], Source(shown, int(keep[at]) + 2, value_col))
    frame = pd.DataFrame({
        "area": np.array(slugs, dtype=object)[area[given]],
        "period": np.array(periods, dtype=object)[period[given]],
        "category": np.array(categories, dtype=object)[category[given]],
        "value": number[mine[given]],
        "line": keep[given] + 2,
    })
    if frame.empty:
        raise Unexpected("no figures")
    return Dataset(file=shown, frame=frame, periods=sorted(set(periods)),
                   value_column=value_col, area_column=force_col,
                   national_name="England and Wales", national_from_areas=True,
                   unavailable=unavailable)


def _sheet_rows(path: Path, shown: str, sheet: str) -> tuple[str, list[list], list[int]]:
    """(the sheet's name, its rows, each row's number): the named sheet of a
    workbook, or a CSV saved from one (named '', its rows cited by the line
    each starts on: a quoted header cell may span lines)."""
    if not is_spreadsheet(path):
        reader = csv.reader(io.StringIO(read_text(path), newline=""))
        rows, numbers, line = [], [], 1
        for record in reader:
            rows.append(record)
            numbers.append(line)
            line = reader.line_num + 1
        return "", rows, numbers
    sheets = read_workbook(path, shown)
    for s in sheets:
        if s.name.lower() == sheet.strip().lower():
            return s.name, s.rows, list(range(1, len(s.rows) + 1))
    raise DataError(shown, None, "sheet", f"no sheet called {sheet!r} (data.sheet); the sheets "
                                          f"are: {', '.join(s.name for s in sheets)}", what="field")


def _title_period(shown: str, rows: list[list], above: int) -> str:
    """The period the title rows name: 'year ending December 18' -> '2018-12-31'."""
    for row in rows[:above]:
        for cell in row:
            m = _TITLE_PERIOD.search(str(cell))
            if m:
                month = list(calendar.month_name).index(m.group(1).capitalize())
                year = int(m.group(2)) + (2000 if len(m.group(2)) == 2 else 0)
                return date(year, month, calendar.monthrange(year, month)[1]).isoformat()
    raise DataError(shown, 1, None, "cannot tell which period the table is for: no "
                                    "'year ending <month> <year>' in the title rows above its header")


def _load_workbook(path, forces, territorial_only, sheet, markers, problem) -> Dataset:
    shown = display_path(path)
    name, rows, numbers = _sheet_rows(path, shown, sheet)
    at = find_header(rows, (AREA_CODE, AREA_NAME))
    if at is None:
        raise DataError(shown + (f"!{name}" if name else ""), None, None,
                        f"no header row with '{AREA_CODE}' and '{AREA_NAME}' "
                        f"(expected the ONS police force area table, or the long table's "
                        f"columns: {', '.join(COLUMNS)})")
    period = _title_period(shown, rows, at)
    header = rows[at]
    labels = [clean_label(c) if isinstance(c, str) else "" for c in header]
    i_code, i_name = labels.index(AREA_CODE), labels.index(AREA_NAME)
    columns = {}   # index -> category
    above = rows[at - 1] if at else []
    for i in range(len(header)):
        if i in (i_code, i_name):
            continue
        label = labels[i] or (clean_label(above[i]) if i < len(above) and isinstance(above[i], str) else "")
        if label:
            columns[i] = LONG_NAMES.get(label.lower(), label)
    by_code = {f.ons_code.strip(): f for f in forces.forces if f.ons_code.strip()}
    resolve = Resolver(forces)

    def where(row: int, i: int | None = None) -> tuple[str, int | None]:
        if not name:
            return shown, row
        return f"{shown}!{name}!{column_letter(i) if i is not None else ''}{row}", None

    records, unavailable, started = [], {}, False
    for number, cells in zip(numbers[at + 1:], rows[at + 1:]):
        code = cell_text(cells[i_code]).strip() if i_code < len(cells) else ""
        area = clean_label(cell_text(cells[i_name])) if i_name < len(cells) else ""
        if not area and not code:
            if started:
                break   # notes below the table
            continue    # a units row ("Numbers") or a blank one
        if not area:
            if started:
                break
            continue
        started = True
        if code[:3] in ("K04", "E92", "W92", "E12"):
            continue   # England and Wales, England, Wales, a region (one is "West Midlands")
        force = by_code.get(code) or resolve(area)
        if force is None:
            if area.lower() in NOT_FORCES:
                continue
            problem(DataError(*where(number, i_name), AREA_NAME, unknown_force(area, forces)))
            continue
        if territorial_only and not force.territorial:
            continue
        for i, category in columns.items():
            value = cells[i] if i < len(cells) else ""
            text = cell_text(value).strip()
            src = Source(shown, number, category, f"{name}!{column_letter(i)}{number}" if name else "")
            missing = marker(text, markers) if isinstance(value, str) else None
            if missing is not None:
                unavailable[(force.slug, period, category.lower())] = (missing, src)
                continue
            count = whole_number(text)
            if count is None:
                problem(DataError(*where(number, i), category,
                                  "blank cell; expected a whole number or a marker such as '..'"
                                  if not text else f"expected a whole number, got {text!r}"))
                continue
            records.append((force.slug, period, category, count, number, category,
                            name, column_letter(i) if name else ""))
    if not records and not unavailable:
        raise DataError(shown, None, None, "no rows for any territorial police force")
    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line",
                                           "column", "sheet", "letter"])
    return Dataset(file=shown, frame=frame, periods=[period], value_column=VALUE,
                   area_column=AREA_NAME, national_name="England and Wales",
                   national_from_areas=True, unavailable=unavailable)
