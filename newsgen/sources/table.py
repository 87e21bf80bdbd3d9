"""A reader for published tables, CSV or spreadsheet, of tens of thousands of
rows: rows as lists in the expected columns' order, each with the line (or
sheet row) it came from and its sheet, the header checked as
`dataset.read_rows` checks it; a name -> force lookup that normalises each
distinct spelling once; and `Problems`, which either stops at the first bad
row (a build) or collects every one (``newsgen validate``).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import NamedTuple

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.files import display_path, read_text
from newsgen.sources.sheets import (cell_text, clean_label, column_letter, find_header, is_spreadsheet,
                                    read_workbook)

MAX_COUNT = 100_000_000  # no police force records more offences than this in a year


class Problems:
    """Where a loader's problems go: raised at once (`stop`), or listed."""

    def __init__(self, stop: bool = True):
        self.stop, self.found = stop, []

    def __call__(self, exc: DataError) -> None:
        if self.stop:
            raise exc
        self.found.append(exc)

    def sorted(self) -> list[DataError]:
        return sorted(self.found, key=lambda exc: (str(exc.file), exc.line or 0))


class Table(NamedTuple):
    shown: str
    col: dict[str, int]                  # column -> index in each row's cells
    rows: list[tuple[int, list, str]]    # (line or sheet row, cells, sheet; '' in a CSV)
    letters: dict[str, dict[str, str]]   # sheet -> column -> its letter

    def cell(self, sheet: str, column: str, line: int) -> str:
        """'Table P1!C17' for a spreadsheet's cell; '' in a CSV (the line says it)."""
        return f"{sheet}!{self.letters[sheet][column]}{line}" if sheet else ""

    def error(self, sheet: str, line: int, column: str | None, message: str) -> DataError:
        """A problem at a row: 'file:17: column X' in a CSV; in a spreadsheet
        at its cell, 'file.ods!2017-18!H17: column X' (or the row, '!2017-18!17')."""
        if not sheet:
            return DataError(self.shown, line, column, message)
        where = self.cell(sheet, column, line) if column in self.letters.get(sheet, {}) \
            else f"{sheet}!{line}"
        return DataError(f"{self.shown}!{where}", None, column, message)


def read_table(path: Path, expected: tuple[str, ...], problem=None) -> Table:
    """The table's rows with exactly the `expected` columns (a CSV), or the rows
    of every sheet with a header row naming them all (a spreadsheet: title and
    note rows above and below the table are left out, and other columns
    ignored). A row with the wrong number of fields goes to `problem`."""
    problem = problem or Problems()
    if is_spreadsheet(path):
        return _read_sheets(path, expected)
    shown = display_path(path)
    text = read_text(path)
    if not text.strip():
        raise DataError(shown, 1, None, f"the file is empty; expected a header row: {', '.join(expected)}")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip() for h in next(reader)]
    for name in expected:
        if name not in header:
            raise DataError(shown, 1, name, f"missing column; expected columns: {', '.join(expected)}")
    for col, name in enumerate(header, start=1):
        if name not in expected:
            raise DataError(shown, 1, name or f"#{col}",
                            f"unexpected column; expected columns: {', '.join(expected)}")
    width = len(header)
    rows = []
    try:
        for record in reader:
            if len(record) != width:
                if not any(cell.strip() for cell in record):
                    continue
                problem(DataError(shown, reader.line_num, None,
                                  f"has {len(record)} fields, the header has {width}"))
                continue
            rows.append((reader.line_num, record, ""))
    except csv.Error as exc:
        raise DataError(shown, reader.line_num or 1, None, f"cannot read as CSV: {exc}") from None
    if not rows:
        raise DataError(shown, 2, None, "the file has a header but no data rows")
    return Table(shown, {name: header.index(name) for name in expected}, rows, {})


def _read_sheets(path: Path, expected: tuple[str, ...]) -> Table:
    shown = display_path(path)
    rows, letters = [], {}
    for sheet in read_workbook(path, shown):
        at = find_header(sheet.rows, expected)
        if at is None:
            continue
        names = [clean_label(c).lower() if isinstance(c, str) else "" for c in sheet.rows[at]]
        index = [names.index(name.lower()) for name in expected]
        letters[sheet.name] = {name: column_letter(i) for name, i in zip(expected, index)}
        started = False
        for number, cells in enumerate(sheet.rows[at + 1:], start=at + 2):
            record = [cell_text(cells[i]) if i < len(cells) else "" for i in index]
            if not any(c.strip() for c in record):
                continue
            if started and not any(c.strip() for c in record[1:]):
                break   # notes below the table
            started = True
            rows.append((number, record, sheet.name))
    if not letters:
        raise DataError(shown, None, None, "no sheet has a header row with the columns "
                                           f"{', '.join(expected)}")
    if not rows:
        raise DataError(shown, None, None, "the table has a header but no data rows")
    return Table(shown, {name: i for i, name in enumerate(expected)}, rows, letters)


class Resolver:
    """forces.resolve, remembered per spelling: a table names 47 bodies 46,000 times."""

    def __init__(self, forces: ForceTable):
        self.forces = forces
        self.known: dict[str, object] = {}

    def __call__(self, name: str):
        try:
            return self.known[name]
        except KeyError:
            force = self.known[name] = self.forces.resolve(name)
            return force


def signed_count(text: str) -> int | None:
    """A whole number, optionally negative and padded (' 121 ', '-00'); None if not one."""
    text = text.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits.isdigit() or not digits.isascii():
        return None
    return int(text)


def unknown_force(name: str, forces: ForceTable) -> str:
    """The message for a name no area of the table has, naming that table
    (the shipped police forces, or an --areas file)."""
    table = forces.forces[0].table_file if forces.forces else "data/police-forces.csv"
    return f"unknown police force {name!r}; see {table}"


# Bodies in the ONS and Home Office tables that are not territorial police
# force areas (national fraud reporting).
NOT_FORCES = {"action fraud", "cifas", "uk finance", "financial fraud action uk"}


def parse_signed_count(shown: str, line: int, column: str, cell: str) -> int:
    """A count that may be negative (an adjustment) and padded (' 121 ',
    '-00' for zero), as the ONS and Home Office exports write them; a
    spreadsheet export's '18,522' too."""
    value = signed_count(cell)
    if value is None and re.fullmatch(r"\s*-?\d{1,3}(,\d{3})+\s*", cell):
        value = int(cell.strip().replace(",", ""))
    if value is not None and abs(value) <= MAX_COUNT:
        return value
    text = cell.strip()
    if not text:
        raise DataError(shown, line, column, "blank cell; expected a whole number")
    if value is None:
        raise DataError(shown, line, column, f"expected a whole number, got {cell!r}")
    raise DataError(shown, line, column, f"{value:,} is not a plausible count")
