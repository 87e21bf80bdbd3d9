"""The scan: for one category, every area's figures at the current period
measured against its own comparable past, against the other areas and
against the nation and its region, all at once on numpy arrays. Numbers
only: which of them make a finding is newsgen.leads.findings.

Changes on the year are compared as logarithms (a rise from 100 to 150 and a
fall back to 100 are the same size), against the series' own past changes on
the year within its comparable segment: the median is its usual change and
1.4826 x the median absolute deviation its usual spread (a robust standard
deviation, which one odd year cannot inflate). A change can never be judged
more unusual than counting noise allows: the spread is at least the Poisson
spread of the two counts, sqrt(1/current + 1/previous).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from newsgen.facts import judgements
from newsgen.facts.periods import sort_key
from newsgen.leads.grid import Grid, Table, comparable
from newsgen.leads.settings import Category, LeadSettings

MAD_TO_SD = 1.4826   # the MAD of normal data times this is its standard deviation


@dataclass
class Scan:
    """Every number the findings, facts and news values of one category
    need, one entry per area (arrays indexed like ``grid.areas``)."""

    grid: Grid
    category: Category
    settings: LeadSettings
    t: int                       # the current period
    pt: int                      # the period a year before, -1 none
    chain: list[int]             # t, a year before, two years before, ...
    cur: np.ndarray
    prev: np.ndarray
    usable: np.ndarray           # a figure at or above the minimum, no event in it
    comp: np.ndarray             # areas x periods comparable with t
    breaks: list                 # the breaks that apply to each area
    first: np.ndarray            # first comparable period, -1 none
    years: np.ndarray            # years of comparable figures up to t
    high_at: np.ndarray          # period of the highest earlier comparable figure, -1 none
    low_at: np.ndarray
    change_ok: np.ndarray        # the year before is comparable
    z: np.ndarray                # robust z of the change on the year (NaN: not judged)
    typical: np.ndarray          # median past change on the year, as a log
    q25: np.ndarray              # quartiles of past changes, as logs
    q75: np.ndarray
    n_past: np.ndarray           # past changes the judgement rests on
    first_change: np.ndarray     # period of the earliest of them, -1 none
    pop: np.ndarray              # population, NaN unknown
    rate: np.ndarray             # per `per` people, NaN unknown
    rank: np.ndarray             # by rate among `ranked`, highest first; 0 none
    ranked: int                  # areas ranked (0: the set is incomplete)
    held: np.ndarray             # years in a row the area has held its end of the ranking
    region: list[str]
    region_rank: np.ndarray
    region_ranked: np.ndarray
    run: np.ndarray              # +n rises in a row on the year, -n falls
    lumpy_at: np.ndarray         # the quarter that brought most of the year's change, -1 none
    per: int
    national: dict               # cur, prev, pop, rate, regions {name: {...}}


def _quiet(func, *args, **kwargs):
    """A nan-reduction over rows that may be all NaN (their result is NaN)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return func(*args, **kwargs)


def _row_quantiles(x: np.ndarray, qs) -> list[np.ndarray]:
    """Each row's quantiles, ignoring NaN (NaN for a row of none), as
    np.nanpercentile's default linear interpolation gives them; at once for
    every row (np.nanpercentile goes row by row)."""
    if x.shape[1] == 0:
        return [np.full(x.shape[0], np.nan) for _ in qs]
    ordered = np.sort(x, axis=1)              # NaN sort last
    n = (~np.isnan(x)).sum(axis=1)
    rows = np.arange(x.shape[0])
    out = []
    for q in qs:
        pos = q * np.maximum(n - 1, 0)
        low = np.floor(pos).astype(np.int64)
        high = np.minimum(low + 1, np.maximum(n - 1, 0))
        frac = pos - low
        value = ordered[rows, low] * (1 - frac) + ordered[rows, high] * frac
        out.append(np.where(n > 0, value, np.nan))
    return out


def _ranks(values: np.ndarray) -> np.ndarray:
    """Rank highest first (ties share the better rank); 0 where NaN."""
    out = np.zeros(len(values), dtype=np.int64)
    ok = ~np.isnan(values)
    vals = values[ok]
    ordered = np.sort(vals)
    out[ok] = len(vals) - np.searchsorted(ordered, vals, side="right") + 1
    return out


def scan(table: Table, category: Category, kit, settings: LeadSettings, t: int,
         populations: dict[str, float], regions: dict[str, str], per: int,
         national_pop: float | None = None, region_pops: dict[str, float] | None = None) -> Scan:
    grid = table.grids[category.name]
    values = grid.values
    n_areas, n_periods = values.shape
    pt = int(table.year_before[t])
    chain = table.chain(t)
    cur = values[:, t]
    prev = values[:, pt] if pt >= 0 else np.full(n_areas, np.nan)
    comp, in_event, applied = comparable(table, grid, t, kit, category.name)
    minimum = settings.min_count if category.min_count is None else category.min_count
    usable = ~np.isnan(cur) & (cur >= max(minimum, 1)) & ~in_event

    # -- the comparable past: where the series begins, its highs and lows
    earlier = comp[:, :t]
    has_earlier = earlier.any(axis=1)
    first = np.where(comp.any(axis=1), comp.argmax(axis=1), -1)
    ends, starts = table.ends, table.starts
    years = np.where(first >= 0, (ends[t] - starts[np.maximum(first, 0)] + 1) / 365.25, 0.0)
    past = np.where(earlier, values[:, :t], np.nan)
    high_at = np.full(n_areas, -1)
    low_at = np.full(n_areas, -1)
    if t > 0:
        # the latest of equal highs (lows): "the highest since" counts from it
        rev = past[:, ::-1]
        hi = _quiet(np.nanmax, past, axis=1)
        lo = _quiet(np.nanmin, past, axis=1)
        high_at = np.where(has_earlier, t - 1 - np.argmax(rev == hi[:, None], axis=1), -1)
        low_at = np.where(has_earlier, t - 1 - np.argmax(rev == lo[:, None], axis=1), -1)

    # -- changes on the year, as logarithms, within the comparable segment
    yb = table.year_before
    has_yb = yb >= 0
    before = np.where(has_yb[None, :], values[:, np.maximum(yb, 0)], np.nan)
    both = comp & np.where(has_yb[None, :], comp[:, np.maximum(yb, 0)], False)
    positive = (values > 0) & (before > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        changes = np.where(both & positive, np.log(values / before), np.nan)
    change_ok = (pt >= 0) & both[:, t] if pt >= 0 else np.zeros(n_areas, dtype=bool)
    history = changes[:, :t]
    n_past = (~np.isnan(history)).sum(axis=1)
    typical, q25, q75 = _row_quantiles(history, (0.5, 0.25, 0.75))
    spread = MAD_TO_SD * _row_quantiles(np.abs(history - typical[:, None]), (0.5,))[0]
    first_change = (np.where(n_past > 0, np.argmax(~np.isnan(history), axis=1), -1) if t > 0
                    else np.full(n_areas, -1))
    with np.errstate(divide="ignore", invalid="ignore"):
        noise = np.sqrt(1 / cur + 1 / prev)
        scale = np.fmax(spread, noise)
        z = np.where(change_ok & (n_past > 0), (changes[:, t] - typical) / scale, np.nan)

    # -- rates, and ranks among every area (never an incomplete set)
    pop = np.array([populations.get(a, np.nan) or np.nan for a in grid.areas], dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = cur / pop * per
    complete = bool((~np.isnan(cur)).all() and (~np.isnan(pop)).all())
    rank = _ranks(rate) if complete else np.zeros(n_areas, dtype=np.int64)
    ranked = n_areas if complete else 0
    held = _held(values, pop, chain, rank, ranked, settings.rank_top) if complete else \
        np.zeros(n_areas, dtype=np.int64)
    region = [regions.get(a, "") for a in grid.areas]
    region_rank = np.zeros(n_areas, dtype=np.int64)
    region_ranked = np.zeros(n_areas, dtype=np.int64)
    region_sets: dict[str, list[int]] = {}
    for a, r in enumerate(region):
        region_sets.setdefault(r, []).append(a)
    for r, members in region_sets.items():
        idx = np.array(members)
        if complete:
            region_rank[idx] = _ranks(rate[idx])
            region_ranked[idx] = len(idx)

    # -- runs of rises or falls on the year, like for like
    run = _runs(values, comp, chain)
    lumpy_at = _lumpy(values, grid.periods, t, pt, settings.one_quarter, settings.noise_z)
    lumpy_at[~change_ok] = -1
    for a in np.flatnonzero(lumpy_at >= 0):   # a slight change is no story, lumpy or not
        if judgements.change_size(float(cur[a]), float(prev[a])) not in ("clear", "sharp"):
            lumpy_at[a] = -1

    national = _national(cur, prev, pop, per, region_sets, national_pop, region_pops,
                         change_ok_all=pt >= 0 and bool(both[:, t][~np.isnan(cur)].all()))
    if grid.national is not None:   # the data's own national row wins over a sum
        own = grid.national
        national["cur"] = None if np.isnan(own[t]) else float(own[t])
        national["prev"] = None if pt < 0 or np.isnan(own[pt]) else float(own[pt])
        national["areas"] = None
        national["rate"] = (national["cur"] / national["pop"] * per
                            if national["cur"] is not None and national["pop"] else None)
    return Scan(grid, category, settings, t, pt, chain, cur, prev, usable, comp, applied,
                first, years, high_at, low_at, change_ok, z, typical, q25, q75, n_past,
                first_change, pop, rate, rank, ranked, held, region, region_rank,
                region_ranked, run, lumpy_at, per, national)


def _held(values, pop, chain, rank, ranked, top) -> np.ndarray:
    """Years in a row (this one included) each area has been within `top` of
    the same end of the ranking, by rates on this year's populations."""
    ends = np.zeros(len(rank), dtype=np.int64)    # +1 top end, -1 bottom end, 0 neither
    ends[(rank >= 1) & (rank <= top)] = 1
    ends[(rank > 0) & (rank > ranked - top)] = -1
    held = (ends != 0).astype(np.int64)
    going = ends != 0
    for p in chain[1:]:
        column = values[:, p]
        if np.isnan(column).any():
            break
        r = _ranks(column / pop)
        same = np.where(ends == 1, r <= top, np.where(ends == -1, r > ranked - top, False))
        going &= same
        held += going
        if not going.any():
            break
    return held


def _lumpy(values, periods, t, pt, share, noise_z) -> np.ndarray:
    """For rolling 12-month totals a quarter apart: the period whose quarter
    brought at least `share` of the change on the year (of ten or more
    offences; the step beyond `noise_z` times its counting noise), -1 for none.
    Such a step is often many victims of one incident recorded together, or
    a change in recording."""
    out = np.full(values.shape[0], -1)
    if pt < 0 or t - pt != 4:
        return out
    ends = [sort_key(p) for p in periods[pt:t + 1]]
    if any((b - a).days not in range(89, 93) for a, b in zip(ends, ends[1:])):
        return out
    window = values[:, pt:t + 1]
    change = window[:, -1] - window[:, 0]
    steps = np.diff(window, axis=1)
    with np.errstate(invalid="ignore"):
        same_way = np.where(change[:, None] >= 0, steps, -steps)
        biggest = np.nanargmax(np.where(np.isnan(same_way), -np.inf, same_way), axis=1)
        step = np.take_along_axis(same_way, biggest[:, None], axis=1)[:, 0]
        # a quarter's step swaps one quarter's count for another's: its
        # counting noise is about sqrt(2 x a quarter's count)
        noise = np.sqrt(np.abs(window[:, -1]) / 2)
        flagged = (np.abs(change) >= 10) & (step >= share * np.abs(change)) & \
            (step >= noise_z * noise)
    return np.where(flagged, pt + 1 + biggest, -1)


def _runs(values, comp, chain) -> np.ndarray:
    """+n for n rises in a row on the year up to now, -n for n falls."""
    n = values.shape[0]
    ups = np.zeros(n, dtype=np.int64)
    downs = np.zeros(n, dtype=np.int64)
    up_going = np.ones(n, dtype=bool)
    down_going = np.ones(n, dtype=bool)
    for later, earlier in zip(chain, chain[1:]):
        ok = comp[:, later] & comp[:, earlier]
        a, b = values[:, later], values[:, earlier]
        up_going &= ok & (a > b)
        down_going &= ok & (a < b)
        ups += up_going
        downs += down_going
        if not (up_going.any() or down_going.any()):
            break
    return np.where(ups > 0, ups, -downs)


def _national(cur, prev, pop, per, region_sets, national_pop, region_pops,
              change_ok_all) -> dict:
    """The national and regional totals, rates and changes: sums of the
    areas with figures (the change only where every area has both years)."""
    have = ~np.isnan(cur)
    both = have & ~np.isnan(prev)
    out = {"cur": float(cur[have].sum()) if have.any() else None,
           "prev": float(prev[both].sum()) if change_ok_all and both.all() else None,
           "areas": int(have.sum())}
    out["pop"] = national_pop if national_pop else (float(pop.sum()) if not np.isnan(pop).any() else None)
    out["rate"] = out["cur"] / out["pop"] * per if out["cur"] is not None and out["pop"] else None
    regions = {}
    for r, members in region_sets.items():
        idx = np.array(members)
        c, p = cur[idx], prev[idx]
        entry = {"cur": float(c.sum()) if not np.isnan(c).any() else None,
                 "prev": float(p.sum()) if change_ok_all and not np.isnan(p).any() else None,
                 "areas": len(idx)}
        rp = (region_pops or {}).get(r) or (float(pop[idx].sum()) if not np.isnan(pop[idx]).any() else None)
        entry["pop"] = rp
        entry["rate"] = entry["cur"] / rp * per if entry["cur"] is not None and rp else None
        regions[r] = entry
    out["regions"] = regions
    return out
