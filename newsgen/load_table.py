"""A fast reader for large published tables (tens of thousands of rows):
rows as lists with the line each came from, the header checked as
`load.read_rows` checks it, and a name -> force lookup that normalises each
distinct spelling once."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import DataError
from .forces import ForceTable
from .load import display_path, read_text


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
