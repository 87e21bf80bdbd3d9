"""Reading data files into one validated long table.

Every loader returns a `Dataset`: one row per (area, period, category) with
the count and the line it came from, so each figure an article states can
name its cell. Problems are `DataError`s naming file, line and column.
"""

from __future__ import annotations

from collections.abc import Iterator

import csv
import io
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from pathlib import Path

import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.files import display_path, read_text
from newsgen.sources.forces import NATIONAL_NAMES, ForceTable, normalise

NATIONAL = "national"   # the area key of national totals
TOTAL = "all"           # the category of an area's total
UNSPECIFIED = "unspecified"
MAX_COUNT = 100_000_000  # no police force records more offences than this in a year

TIDY_COLUMNS = ("force", "period", "category", "offences", "source")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


# Source is an immutable record made by the hundred thousand in a large build:
# as a named tuple it is built and hashed in C.
class Source(NamedTuple):
    file: str
    line: int
    column: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column}


@dataclass
class Dataset:
    """A long table of counts: columns area, period, category, value, line.

    ``area`` is a force slug or NATIONAL. ``periods`` lists the periods in
    time order. ``value_column`` is the input column the counts came from.
    """

    file: str
    frame: pd.DataFrame
    periods: list[str]
    value_column: str
    area_column: str
    national_name: str = "United Kingdom"
    sources: dict[str, str] = field(default_factory=dict)  # period -> source note
    # No national row: the national total is the sum of the areas.
    national_from_areas: bool = False
    # How one value was made from several cells (a ``lines`` column), if so.
    value_how: str = ""
    categories: dict[str, str] = field(default_factory=dict)  # code -> description


def read_rows(path: Path, expected: tuple[str, ...],
              problems: list[DataError] | None = None) -> tuple[str, Iterator[tuple[int, dict]]]:
    """The CSV's rows as (line number, row) with exactly the `expected` columns,
    one at a time (a big file's rows are never all held at once).

    The header is checked at once; a row with the wrong number of fields
    raises as it is reached, or, given a `problems` list, is added to it and
    left out (so a check can report every one).
    """
    shown = display_path(path)
    text = read_text(path)
    if not text.strip():
        raise DataError(shown, 1, None, f"the file is empty; expected a header row: {', '.join(expected)}")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        raise DataError(shown, reader.line_num or 1, None, f"cannot read as CSV: {exc}") from None
    _check_header(shown, header, expected)
    return shown, _read_body(shown, reader, header, problems)


def _check_header(shown: str, header: list[str], expected: tuple[str, ...]) -> None:
    missing = [name for name in expected if name not in header]
    unexpected = [name for name in header if name not in expected]
    if len(missing) == 1 and len(unexpected) == 1 and unexpected[0]:
        raise DataError(shown, 1, unexpected[0],
                        f"expected the column '{missing[0]}' here (renamed?); "
                        f"expected columns: {', '.join(expected)}")
    if len(header) == 1 and any(sep in header[0] for sep in ";\t|"):
        sep = next(s for s in ";\t|" if s in header[0])
        raise DataError(shown, 1, None,
                        f"the header is separated by {sep!r}; expected commas: {','.join(expected)}")
    for name in expected:
        if name not in header:
            raise DataError(shown, 1, name,
                            f"missing column; expected columns: {', '.join(expected)}")
    for col, name in enumerate(header, start=1):
        if name not in expected:
            raise DataError(shown, 1, name or f"#{col}",
                            f"unexpected column; expected columns: {', '.join(expected)}")


def _read_body(shown, reader, header, problems) -> Iterator[tuple[int, dict]]:
    count = 0
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                short = len(record) < len(header)
                exc = DataError(shown, line, header[len(record)] if short else f"#{len(header) + 1}",
                                f"has {len(record)} fields, the header has {len(header)}"
                                + ("; a missing comma or field?" if short
                                   else "; an unquoted comma in a cell?"))
                if problems is None:
                    raise exc
                problems.append(exc)
                continue
            count += 1
            yield line, dict(zip(header, record))
    except csv.Error as exc:
        raise DataError(shown, reader.line_num or 1, None, f"cannot read as CSV: {exc}") from None
    if not count and not problems:
        raise DataError(shown, 2, None, "the file has a header but no data rows")


def parse_count(shown: str, line: int, column: str, cell: str) -> int:
    """A non-negative whole count, strictly written: '301', not '301.0' or '1,234'."""
    text = cell.strip()
    if not text:
        raise DataError(shown, line, column, "blank cell; expected a whole number")
    if not re.fullmatch(r"-?\d+", text):
        hint = ""
        if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
            hint = " without thousands separators"
        elif re.fullmatch(r"-?\d[\d\s\u00a0\u202f]*\d", text):
            hint = " without spaces"
        elif re.fullmatch(r"-?\d*\.\d+", text):
            hint = ", not a fraction"
        raise DataError(shown, line, column, f"expected a whole number{hint}, got {cell!r}")
    value = int(text)
    if value < 0:
        raise DataError(shown, line, column, f"expected a count of zero or more, got {value}")
    if value > MAX_COUNT:
        raise DataError(shown, line, column,
                        f"{value:,} is not a plausible count (more than {MAX_COUNT:,})")
    return value


def financial_year_order(label: str) -> int | None:
    """The start year of a financial year label ('2017-18' -> 2017), else None."""
    m = _PERIOD.match(label)
    if not m:
        return None
    start = int(m.group(1))
    return start if (start + 1) % 100 == int(m.group(2)) else None


def _period_problem(period: str, first: tuple[str, int] | None) -> str:
    """Why `period` is not a financial year, and what the file's others look like."""
    others = f" (line {first[1]} has {first[0]!r})" if first else ""
    if not period:
        return "blank cell; expected a financial year like '2017-18'"
    m = re.fullmatch(r"(\d{4})\s*[/–—_ ]\s*(\d{2}|\d{4})", period)
    if m:
        end = m.group(2)[-2:]
        return f"expected a financial year written '{m.group(1)}-{end}', got {period!r}{others}"
    if re.fullmatch(r"\d{4}", period):
        return (f"{period!r} is a calendar year, but this loader reads financial years like "
                f"'2017-18'{others}; periods of different kinds cannot be mixed")
    m = _PERIOD.match(period)
    if m:
        return (f"{period!r} is not a financial year: the second year should be "
                f"'{(int(m.group(1)) + 1) % 100:02d}'")
    return f"expected a financial year like '2017-18', got {period!r}{others}"


def load_tidy(path: Path, forces: ForceTable, *, value_column: str = "offences",
              national_names: set[str] | None = None) -> Dataset:
    """The tidy CSV (force, period, category, offences, source), validated.

    Raises the first problem; `check_tidy` lists them all.
    """
    problems: list[DataError] = []
    dataset = _read_tidy(path, forces, value_column, national_names, problems, stop=True)
    assert dataset is not None
    return dataset


def check_tidy(path: Path, forces: ForceTable, *, value_column: str = "offences") -> list[DataError]:
    """Every problem in a tidy CSV, not just the first."""
    problems: list[DataError] = []
    try:
        _read_tidy(path, forces, value_column, None, problems, stop=False)
    except DataError as exc:  # a problem that stops reading (header, encoding)
        problems.append(exc)
    problems.sort(key=lambda exc: exc.line or 0)
    return problems


def _read_tidy(path, forces, value_column, national_names, problems, stop):
    columns = tuple(value_column if c == "offences" else c for c in TIDY_COLUMNS)
    shown, rows = read_rows(path, columns, None if stop else problems)
    national = {normalise(n) for n in (national_names or NATIONAL_NAMES)}

    def problem(exc: DataError):
        if stop:
            raise exc
        problems.append(exc)

    records = []
    first_period = None   # (label, line) of the first good period, for hints
    seen: dict[tuple, int] = {}
    national_name = "United Kingdom"
    for line, row in rows:
        try:
            name = row["force"].strip()
            if not name:
                raise DataError(shown, line, "force", "blank cell; expected a police force")
            if normalise(name) in national:
                area, national_name = NATIONAL, name
            else:
                force = forces.resolve(name)
                if force is None:
                    raise DataError(shown, line, "force",
                                    f"unknown police force {name!r}; see data/police-forces.csv")
                area = force.slug
            period = row["period"].strip()
            if financial_year_order(period) is None:
                raise DataError(shown, line, "period", _period_problem(period, first_period))
            first_period = first_period or (period, line)
            category = row["category"].strip()
            if not category:
                raise DataError(shown, line, "category",
                                f"blank cell; expected '{TOTAL}', '{UNSPECIFIED}' or a category")
            value = parse_count(shown, line, value_column, row[value_column])
            key = (area, period, category.lower())
            if key in seen:
                raise DataError(shown, line, None,
                                f"duplicate row for {name}, {period}, {category}; "
                                f"first given at line {seen[key]}")
            seen[key] = line
            records.append((area, period, category, value, line))
        except DataError as exc:
            problem(exc)

    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line"])
    _check_breakdowns(shown, frame, value_column, problem)
    periods = sorted(frame["period"].unique(), key=financial_year_order)
    return Dataset(file=shown, frame=frame, periods=list(periods),
                   value_column=value_column, area_column="force",
                   national_name=national_name)


def _check_breakdowns(shown: str, frame: pd.DataFrame, column: str, problem) -> None:
    """A breakdown may not sum to more than its total, nor exist without one."""
    if frame.empty:
        return
    is_total = frame["category"].str.lower() == TOTAL
    totals = frame[is_total].set_index(["area", "period"])
    parts = frame[~is_total].groupby(["area", "period"]).agg(
        value=("value", "sum"), line=("line", "min"))
    for (area, period), part in parts.iterrows():
        if (area, period) not in totals.index:
            problem(DataError(shown, int(part["line"]), "category",
                              f"a breakdown for {period} with no '{TOTAL}' row for its total"))
            continue
        total = totals.loc[(area, period)]
        if part["value"] > total["value"]:
            problem(DataError(shown, int(total["line"]), column,
                              f"the breakdown for {period} sums to {part['value']:,}, "
                              f"more than the total of {total['value']:,}"))
