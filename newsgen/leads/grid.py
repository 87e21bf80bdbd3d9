"""A dataset as grids for the scan: per category, areas x periods of counts in
one numpy array, the line each came from, and which figures are comparable
with the current one (newsgen.leads.breaks). Periods are in time order; the
"year before" of each period is the one ending a year earlier, so rolling
quarterly totals are compared like with like.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from newsgen.facts import judgements
from newsgen.facts.periods import sort_key
from newsgen.leads import breaks as series_breaks
from newsgen.sources.dataset import NATIONAL, WHERE_COLUMNS, Dataset, Source, row_sources


def _year_before(end: date) -> date:
    try:
        return end.replace(year=end.year - 1)
    except ValueError:   # 29 February
        return end.replace(year=end.year - 1, day=28)


@dataclass
class Grid:
    """One category's figures: ``values[a, p]`` for area ``areas[a]`` and
    period ``periods[p]`` (NaN where there is none), ``lines`` the data line
    of each (0 where none)."""

    category: str
    areas: list[str]
    periods: list[str]
    values: np.ndarray
    lines: np.ndarray
    file: str
    column: str
    extra_lines: dict = field(default_factory=dict)   # (a, p) -> lines of a summed value
    # for data read from several files or a workbook: each figure's row in
    # `sources` (newsgen.sources.dataset.row_sources), -1 where none
    rows: np.ndarray | None = None
    sources: list | None = None
    # the data's own national row, per period (NaN where none; None: the data
    # has none, and national figures are the areas' sums)
    national: np.ndarray | None = None
    national_lines: np.ndarray | None = None

    def national_cells(self, p: int) -> tuple[Source, ...]:
        line = int(self.national_lines[p]) if self.national_lines is not None else 0
        return (Source(self.file, line, self.column),) if line else ()

    def cells(self, a: int, p: int) -> tuple[Source, ...]:
        """The data cells of one figure."""
        if self.rows is not None:
            r = int(self.rows[a, p])
            return self.sources[r] if r >= 0 else ()
        many = self.extra_lines.get((a, p))
        if many:
            return tuple(Source(self.file, int(n), self.column) for n in many)
        line = int(self.lines[a, p])
        return (Source(self.file, line, self.column),) if line else ()


@dataclass
class Table:
    """Every category of a dataset as grids over the same areas and periods."""

    areas: list[str]
    periods: list[str]
    grids: dict[str, Grid]      # by category as the data spells it
    year_before: np.ndarray     # index of the period a year before each, -1 none
    national_name: str
    starts: np.ndarray          # each period's first day, as a date ordinal
    ends: np.ndarray            # each period's last day
    # (category, kit) -> segments and event masks, areas x periods: they do
    # not depend on the period scanned, so a scan at every period makes them once
    _layout: dict = field(default_factory=dict)

    def period_index(self, period: str) -> int:
        try:
            return self.periods.index(period)
        except ValueError:
            return -1

    def chain(self, p: int) -> list[int]:
        """p, the period a year before it, the one before that, ..."""
        out = []
        while p >= 0:
            out.append(p)
            p = int(self.year_before[p])
        return out


def table_of(data: Dataset, areas: list[str]) -> Table:
    """Grids of every category for these areas (slugs; a national row, if
    the data has one, is left out: national figures are the areas' sums)."""
    whole = data.frame
    frame = whole[whole["area"] != NATIONAL]
    nationals = whole[whole["area"] == NATIONAL]
    periods = sorted(data.periods, key=sort_key)
    p_index = {p: i for i, p in enumerate(periods)}
    a_index = {a: i for i, a in enumerate(areas)}
    ends = {sort_key(p): i for i, p in enumerate(periods)}
    year_before = np.array([ends.get(_year_before(sort_key(p)), -1) for p in periods],
                           dtype=np.int64)
    cats = frame["category"].to_numpy()
    names = list(dict.fromkeys(cats.tolist()))
    a_codes = np.array([a_index.get(a, -1) for a in frame["area"].tolist()], dtype=np.int64)
    p_codes = np.array([p_index[p] for p in frame["period"].tolist()], dtype=np.int64)
    values = frame["value"].to_numpy(dtype=np.float64)
    lines = frame["line"].to_numpy(dtype=np.int64)
    many = frame["lines"].tolist() if "lines" in frame.columns else None
    # A plain CSV's cells are its lines (made when asked for: the fast way);
    # data with its own file, sheet or column per row cites through
    # row_sources, the one place that knows how such a cell is named.
    sourced = row_sources(data, frame) if any(c in frame.columns for c in WHERE_COLUMNS) else None
    grids = {}
    for name in names:
        rows = np.flatnonzero((cats == name) & (a_codes >= 0))
        v = np.full((len(areas), len(periods)), np.nan)
        ln = np.zeros((len(areas), len(periods)), dtype=np.int64)
        v[a_codes[rows], p_codes[rows]] = values[rows]
        ln[a_codes[rows], p_codes[rows]] = lines[rows]
        extra = {}
        if many is not None:
            extra = {(int(a_codes[r]), int(p_codes[r])): tuple(many[r]) for r in rows
                     if isinstance(many[r], (list, tuple)) and len(many[r]) > 1}
        grid = grids[name] = Grid(name, areas, periods, v, ln, data.file, data.value_column, extra)
        if sourced is not None:
            grid.rows = np.full((len(areas), len(periods)), -1, dtype=np.int64)
            grid.rows[a_codes[rows], p_codes[rows]] = rows
            grid.sources = sourced
        own = nationals[nationals["category"] == name]
        if len(own) and sourced is None:
            grid.national = np.full(len(periods), np.nan)
            grid.national_lines = np.zeros(len(periods), dtype=np.int64)
            for period, value, line in zip(own["period"], own["value"], own["line"]):
                grid.national[p_index[period]] = value
                grid.national_lines[p_index[period]] = line
    bounds = [judgements.bounds(p) for p in periods]
    starts = np.array([b[0].toordinal() for b in bounds], dtype=np.int64)
    ends = np.array([b[1].toordinal() for b in bounds], dtype=np.int64)
    return Table(areas, periods, grids, year_before, data.national_name, starts, ends)


def layout(table: Table, grid: Grid, kit, category: str):
    """Per area: the segment of each period between the breaks that apply
    (ACROSS for one that straddles a break), whether each period's 12
    months hold a one-off event, and the breaks themselves."""
    key = (category, id(kit))
    found = table._layout.get(key)
    if found is None:
        n_areas, n_periods = grid.values.shape
        seg = np.zeros((n_areas, n_periods), dtype=np.int16)
        mask = np.zeros((n_areas, n_periods), dtype=bool)
        applied, cache = [], {}
        for a, area in enumerate(grid.areas):
            these = series_breaks.breaks_for(kit, area)
            applied.append(these)
            dates = tuple(b.date for b in these)
            if dates not in cache:
                cache[dates] = series_breaks.segments(table.periods, list(dates))
            seg[a] = cache[dates]
            events = series_breaks.events_for(category, area)
            if events:
                mask[a] = series_breaks.masked(table.periods, events)
        found = table._layout[key] = (seg, mask, applied, kit)   # (the kit, kept alive for its id)
    return found[:3]


def comparable(table: Table, grid: Grid, t: int, kit, category: str
               ) -> tuple[np.ndarray, np.ndarray, list]:
    """For each area: which periods are comparable with period t (a bool
    array, areas x periods: same segment between breaks, no event in their
    12 months, a figure), whether t itself lies in an event's 12 months, and
    the breaks that apply to each area."""
    seg, mask, applied = layout(table, grid, kit, category)
    here = seg[:, t]
    across = here == series_breaks.ACROSS
    comp = (seg == here[:, None]) & ~across[:, None]
    comp[across, t] = True           # a period that straddles a break: only itself
    comp &= ~mask
    comp &= ~np.isnan(grid.values)
    return comp, mask[:, t].copy(), applied
