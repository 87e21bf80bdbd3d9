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
from pathlib import Path

import pandas as pd

from newsgen.errors import DataError
from newsgen.sources.cells import Source
from newsgen.sources.files import display_path, read_text
from newsgen.sources.forces import NATIONAL_NAMES, ForceTable, normalise
from newsgen.sources.sheets import Missing, is_spreadsheet, marker
from newsgen.sources.table import MAX_COUNT, Problems, read_table, unknown_force

NATIONAL = "national"   # the area key of national totals
TOTAL = "all"           # the category of an area's total
UNSPECIFIED = "unspecified"

TIDY_COLUMNS = ("force", "period", "category", "offences", "source")
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


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
    # Cells with a marker instead of a number ('[x]', '..'): (area, period,
    # category in lower case) -> (Missing, Source). Never zero, never stated.
    unavailable: dict[tuple, tuple[Missing, Source]] = field(default_factory=dict)

    def missing(self, area: str, period: str | None, category: str) -> tuple[Missing, Source] | None:
        """Why this figure is not available, if a cell says it is not."""
        if period is None or not self.unavailable:
            return None
        return self.unavailable.get((area, period, category.lower()))


# Optional columns of a Dataset's frame that say where each row's value is
# when that is not the same for every row: its file (several files merged),
# the header of its column (a wide table), its sheet and column letter.
WHERE_COLUMNS = ("file", "column", "sheet", "letter")


def row_sources(data: Dataset, frame: pd.DataFrame) -> list[tuple[Source, ...]]:
    """The cells each row's value came from: its line, or every line of a
    value summed from several (a ``lines`` column)."""
    n = len(frame)
    lines = frame["lines"].tolist() if "lines" in frame.columns else \
        [(line,) for line in frame["line"].tolist()]
    where = {c: frame[c].tolist() if c in frame.columns else None for c in WHERE_COLUMNS}
    files = where["file"] or [data.file] * n
    columns = where["column"] or [data.value_column] * n
    if where["sheet"] is None:
        return [tuple(Source(f, int(x), c) for x in ls) for f, c, ls in zip(files, columns, lines)]
    return [tuple(Source(f, int(x), c, f"{s}!{letter}{int(x)}" if s else "") for x in ls)
            for f, c, s, letter, ls in zip(files, columns, where["sheet"], where["letter"], lines)]


def merge_datasets(parts: list[Dataset]) -> Dataset:
    """Several files of one table as one Dataset, read in the order given: where
    two give a figure for the same area, period and category, the later
    file's stands (a newer release revises an older one), as does a later
    file's marker ('..'). Each row keeps its own file and cell."""
    if len(parts) == 1:
        return parts[0]
    frames, unavailable = [], {}
    for part in parts:
        frame = part.frame.copy()
        for c in WHERE_COLUMNS:
            if c not in frame.columns:
                frame[c] = part.file if c == "file" else (part.value_column if c == "column" else "")
        keys = set(zip(frame["area"], frame["period"], frame["category"].str.lower()))
        unavailable = {k: v for k, v in unavailable.items() if k not in keys}
        frames = [f[~pd.Series([k in keys for k in zip(f["area"], f["period"], f["category"].str.lower())],
                               index=f.index)] for f in frames]
        frames = [f.drop(index=f.index[[k in part.unavailable for k in
                                        zip(f["area"], f["period"], f["category"].str.lower())]])
                  for f in frames]
        unavailable.update(part.unavailable)
        frames.append(frame)
    frame = pd.concat(frames, ignore_index=True)
    if "lines" in frame.columns:
        frame["lines"] = [ls if isinstance(ls, tuple) else (line,)
                          for ls, line in zip(frame["lines"], frame["line"])]
    first = parts[0]
    periods = sorted(set(frame["period"].unique()) | {k[1] for k in unavailable},
                     key=lambda p: (financial_year_order(p) or 0, p))
    return Dataset(file=" + ".join(p.file for p in parts), frame=frame, periods=periods,
                   value_column=first.value_column, area_column=first.area_column,
                   national_name=first.national_name,
                   national_from_areas=all(p.national_from_areas for p in parts),
                   value_how=first.value_how,
                   categories={k: v for p in parts for k, v in p.categories.items()},
                   unavailable=unavailable)


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


def parse_count(shown: str, line: int | None, column: str, cell: str) -> int:
    """A non-negative whole count, strictly written: '301' or '1,301' (as any
    spreadsheet export writes it), not '301.0', '1,30,1' or '1 301'."""
    text = cell.strip()
    if not text:
        raise DataError(shown, line, column, "blank cell; expected a whole number")
    if re.fullmatch(r"\d{1,3}(,\d{3})+", text):
        text = text.replace(",", "")
    if not re.fullmatch(r"-?\d+", text):
        hint = ""
        if re.fullmatch(r"-?[\d,]*\d,[\d,]*", text):
            hint = " with its thousands separators every three digits"
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
              national_names: set[str] | None = None, markers: dict | None = None) -> Dataset:
    """The tidy table (force, period, category, offences, source), a CSV or a
    spreadsheet's sheet with those columns, validated.

    Raises the first problem; `check_tidy` lists them all.
    """
    return _read_tidy(path, forces, value_column, national_names, Problems(stop=True), markers)


def check_tidy(path: Path, forces: ForceTable, *, value_column: str = "offences",
               markers: dict | None = None) -> list[DataError]:
    """Every problem in a tidy table, not just the first."""
    problems = Problems(stop=False)
    try:
        _read_tidy(path, forces, value_column, None, problems, markers)
    except DataError as exc:  # a problem that stops reading (header, encoding)
        problems.found.append(exc)
    return problems.sorted()


def _tidy_rows(path, columns, problems):
    """(shown, error maker, rows as (line, {column: text}, sheet))."""
    if is_spreadsheet(path):
        table = read_table(path, columns)
        rows = ((line, dict(zip(columns, cells)), sheet) for line, cells, sheet in table.rows)
        return table.shown, table, rows
    shown, rows = read_rows(path, columns, None if problems.stop else problems.found)
    return shown, None, ((line, row, "") for line, row in rows)


def _read_tidy(path, forces, value_column, national_names, problem, markers=None):
    columns = tuple(value_column if c == "offences" else c for c in TIDY_COLUMNS)
    shown, table, rows = _tidy_rows(path, columns, problem)
    national = {normalise(n) for n in (national_names or NATIONAL_NAMES)}

    def error(sheet, line, column, message):
        return table.error(sheet, line, column, message) if table else \
            DataError(shown, line, column, message)

    records, where = [], []
    first_period = None   # (label, line) of the first good period, for hints
    seen: dict[tuple, int] = {}
    unavailable: dict[tuple, tuple] = {}
    national_name = "United Kingdom"
    for line, row, sheet in rows:
        try:
            name = row["force"].strip()
            if not name:
                raise error(sheet, line, "force", "blank cell; expected a police force")
            if normalise(name) in national:
                area, national_name = NATIONAL, name
            else:
                force = forces.resolve(name)
                if force is None:
                    raise error(sheet, line, "force", unknown_force(name, forces))
                area = force.slug
            period = row["period"].strip()
            if financial_year_order(period) is None:
                raise error(sheet, line, "period", _period_problem(period, first_period))
            first_period = first_period or (period, line)
            category = row["category"].strip()
            if not category:
                raise error(sheet, line, "category",
                            f"blank cell; expected '{TOTAL}', '{UNSPECIFIED}' or a category")
            key = (area, period, category.lower())
            if key in seen:
                raise error(sheet, line, None,
                            f"duplicate row for {name}, {period}, {category}; "
                            f"first given at {'row' if sheet else 'line'} {seen[key]}")
            seen[key] = line
            missing = marker(row[value_column], markers)
            if missing is not None:
                cell = table.cell(sheet, value_column, line) if table else ""
                unavailable[key] = (missing, Source(shown, line, value_column, cell))
                continue
            try:
                value = parse_count(shown, line, value_column, row[value_column])
            except DataError as exc:
                raise error(sheet, line, value_column, exc.message) from None
            records.append((area, period, category, value, line))
            where.append((sheet, table.letters[sheet][value_column] if sheet else ""))
        except DataError as exc:
            problem(exc)

    frame = pd.DataFrame(records, columns=["area", "period", "category", "value", "line"])
    if table is not None:
        frame["sheet"] = [w[0] for w in where]
        frame["letter"] = [w[1] for w in where]
    unknown_totals = {(a, p) for (a, p, c) in unavailable if c == TOTAL}
    _check_breakdowns(shown, frame, value_column, problem, error, unknown_totals)
    periods = sorted(set(frame["period"].unique()) | {k[1] for k in unavailable}, key=financial_year_order)
    return Dataset(file=shown, frame=frame, periods=list(periods),
                   value_column=value_column, area_column="force",
                   national_name=national_name, unavailable=unavailable)


def _check_breakdowns(shown: str, frame: pd.DataFrame, column: str, problem, error=None,
                      unknown_totals: set = frozenset()) -> None:
    """A breakdown may not sum to more than its total, nor exist without one
    (a total marked not available is one: it cannot be checked against)."""
    if frame.empty:
        return
    sheets = dict(zip(frame["line"], frame["sheet"])) if "sheet" in frame.columns else {}
    error = error or (lambda _sheet, line, col, message: DataError(shown, line, col, message))
    is_total = frame["category"].str.lower() == TOTAL
    totals = frame[is_total].set_index(["area", "period"])
    parts = frame[~is_total].groupby(["area", "period"]).agg(
        value=("value", "sum"), line=("line", "min"))
    for (area, period), part in parts.iterrows():
        if (area, period) in unknown_totals:
            continue
        if (area, period) not in totals.index:
            line = int(part["line"])
            problem(error(sheets.get(line, ""), line, "category",
                          f"a breakdown for {period} with no '{TOTAL}' row for its total"))
            continue
        total = totals.loc[(area, period)]
        if part["value"] > total["value"]:
            line = int(total["line"])
            problem(error(sheets.get(line, ""), line, column,
                          f"the breakdown for {period} sums to {part['value']:,}, "
                          f"more than the total of {total['value']:,}"))
