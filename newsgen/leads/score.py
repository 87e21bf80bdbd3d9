"""The news value of a finding, as the product of five factors an editor can
read and argue with (README: "Finding the stories"):

    value = 10 x size x rarity x seriousness x reach x caution

* size: how big the finding is in percentage points p (the change on the
  year; for a rate at the end of the ranking, how far it is from the
  national rate; for a run, the change over the run; for a share, how far
  it exceeds the area's share of the population): 0.5 + sqrt(p / 100),
  between 0.5 and 2.5, so a 25% change is 1 and doubling 1.5;
* rarity: how seldom the series or the ranking does this: a record over
  years / 10 (0.5 to 2); an unusual change |z| / the threshold (1 to 3); a
  run, its years / the shortest run (1 to 2.5); a national rank 1.2, 1.0 or
  0.8 for first, second and third, times 1.5 if new to that end of the
  ranking this year, 0.6 if held three years or more; a region's highest
  or lowest 0.6; a lowest rate (nationally or in the region) 0.8 of a
  highest; against the nation 1.0, the region 0.7, both 1.2; a large share
  0.6. Findings many areas share (records, unusual changes, runs) are
  divided by 1 + (areas - 1) / `common`: twenty forces at a record high is
  the national picture, not twenty local stories;
* seriousness: the category's weight in the kit (homicide 3, bicycle theft
  0.7 in the shipped generic kit);
* reach: (the area's population / the median area's) ^ 0.25, between 0.5
  and 1.5: more readers, a little more value;
* caution: the kit's caveat_factor when the publisher warns about the
  figure (an estimate), else 1.

A lead (an area and a category) is worth its best finding plus a quarter of
each other one: a record that is also an unusual rise outranks either alone.
"""

from __future__ import annotations

import math

import numpy as np

from newsgen.leads.findings import SHARED_KINDS, Finding
from newsgen.leads.scan import Scan

SUPPORT = 0.25   # what each finding after the best adds to a lead, as a share of its value
LOWEST = 0.8     # a lowest rate against a highest: good news, and less often news


def _clamp(x: float, low: float, high: float) -> float:
    return max(low, min(high, x))


def size_of(f: Finding, s: Scan) -> tuple[float, str]:
    """The finding's size in percentage points, and what it measures."""
    a = f.area
    cur, prev = float(s.cur[a]), float(s.prev[a])
    nat = s.national
    if f.kind in ("highest-rate", "lowest-rate") and nat["rate"]:
        return abs(s.rate[a] / nat["rate"] - 1) * 100, "rate against the national rate"
    if f.kind.endswith("-in-region"):
        region_rate = nat["regions"].get(s.region[a], {}).get("rate")
        if region_rate:
            return abs(s.rate[a] / region_rate - 1) * 100, "rate against the region's rate"
    if f.kind == "large-share":
        return (f.detail["share"] / f.detail["population_share"] - 1) * 100, \
            "share of the national total against share of the population"
    if f.kind in ("rises-in-a-row", "falls-in-a-row"):
        start = s.chain[f.detail["years"]] if f.detail["years"] < len(s.chain) else -1
        before = float(s.grid.values[a, start]) if start >= 0 else float("nan")
        if before > 0:
            return abs(cur / before - 1) * 100, "change over the run"
    if s.change_ok[a] and prev > 0:
        return abs(cur / prev - 1) * 100, "change on the year"
    if f.kind in ("record-high", "record-low"):
        at = s.high_at[a] if f.kind == "record-high" else s.low_at[a]
        return abs(cur / float(s.grid.values[a, at]) - 1) * 100, "margin over the previous record"
    return 0.0, "none"


def rarity_of(f: Finding, s: Scan) -> float:
    st = s.settings
    a = f.area
    if f.kind in ("record-high", "record-low"):
        r = _clamp(float(s.years[a]) / 10, 0.5, 2.0)
    elif f.kind in ("unusual-rise", "unusual-fall"):
        r = _clamp(abs(f.detail["z"]) / st.unusual_z, 1.0, 3.0)
    elif f.kind in ("rises-in-a-row", "falls-in-a-row"):
        r = _clamp(f.detail["years"] / st.run_years, 1.0, 2.5)
    elif f.kind in ("highest-rate", "lowest-rate"):
        held = int(s.held[a])
        newness = 1.5 if held <= 1 else 1.0 if held == 2 else 0.6
        r = {1: 1.2, 2: 1.0}.get(f.detail["position"], 0.8) * newness
    elif f.kind.endswith("-in-region"):
        r = 0.6
    elif f.kind == "against-trend":
        r = {"national": 1.0, "regional": 0.7, "both": 1.2}[f.detail["scope"]]
    else:   # large-share
        r = 0.6
    if f.kind.startswith("lowest"):
        r *= LOWEST
    if f.kind in SHARED_KINDS:
        r /= 1 + (f.same - 1) / st.common
    return r


def reach_of(pop: float, median_pop: float) -> float:
    if np.isnan(pop) or not median_pop:
        return 1.0
    return _clamp((pop / median_pop) ** 0.25, 0.5, 1.5)


def score(f: Finding, s: Scan, median_pop: float, caveated: bool) -> dict:
    """The finding's value and its factors, rounded for reading."""
    points, measure = size_of(f, s)
    points = float(points)   # plain floats: the budget is written as JSON
    size = _clamp(0.5 + math.sqrt(points / 100), 0.5, 2.5)
    rarity = float(rarity_of(f, s))
    seriousness = s.category.seriousness
    reach = reach_of(float(s.pop[f.area]), median_pop)
    caution = s.settings.caveat_factor if caveated else 1.0
    value = 10 * size * rarity * seriousness * reach * caution
    return {"value": round(value, 2), "size": round(size, 3), "size_points": round(points, 2),
            "size_measures": measure, "rarity": round(rarity, 3),
            "seriousness": seriousness, "reach": round(reach, 3), "caution": caution,
            "same": f.same}


def lead_value(values: list[float]) -> float:
    """A lead's value from its findings' values: the best, and a quarter of each other."""
    ordered = sorted(values, reverse=True)
    return round(ordered[0] + SUPPORT * sum(ordered[1:]), 2) if ordered else 0.0
