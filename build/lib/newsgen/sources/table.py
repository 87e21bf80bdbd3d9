"""A fast reader for large published tables (tens of thousands of rows):
rows as lists with the line each came from, the header checked as
`load.read_rows` checks it, and a name -> force lookup that normalises each
distinct spelling once."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from newsgen.errors import DataError
from newsgen.sources.forces import ForceTable
from newsgen.sources.dataset import MAX_COUNT
from newsgen.sources.files import display_path, read_text


def read_table(path: Path, expected: tuple[str, ...]):
    """(shown path, {column: index}, [(line, cells)]) with exactly `expected` columns."""
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
    for record in reader:
        if len(record) != width:
            if not any(cell.strip() for cell in record):
                continue
            raise DataError(shown, reader.line_num, None,
                            f"has {len(record)} fields, the header has {width}")
        rows.append((reader.line_num, record))
    if not rows:
        raise DataError(shown, 2, None, "the file has a header but no data rows")
    return shown, {name: header.index(name) for name in expected}, rows


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


# Bodies in the ONS and Home Office tables that are not territorial police
# force areas (national fraud reporting).
NOT_FORCES = {"action fraud", "cifas", "uk finance", "financial fraud action uk"}


def parse_signed_count(shown: str, line: int, column: str, cell: str) -> int:
    """A count that may be negative (an adjustment) and padded (' 121 ',
    '-00' for zero), as the ONS and Home Office exports write them."""
    value = signed_count(cell)
    if value is not None and abs(value) <= MAX_COUNT:
        return value
    text = cell.strip()
    if not text:
        raise DataError(shown, line, column, "blank cell; expected a whole number")
    if not re.fullmatch(r"-?\d+", text):
        hint = " without thousands separators" if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else ""
        raise DataError(shown, line, column, f"expected a whole number{hint}, got {cell!r}")
    value = int(text)
    raise DataError(shown, line, column, f"{value:,} is not a plausible count")
