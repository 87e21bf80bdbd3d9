"""Which of a scan's numbers are findings: the kit's thresholds applied to
every area of one category (newsgen.leads.scan), and how many areas share
each finding. No area with a current figure below the category's minimum,
or whose current 12 months hold a one-off event, has any finding.

The kinds, and the rule each passes:

* ``record-high`` / ``record-low``: above (below) every earlier comparable
  figure, with at least ``record_years`` years of them;
* ``unusual-rise`` / ``unusual-fall``: a change on the year whose robust z
  against the series' own past changes is at least ``unusual_z`` (with at
  least ``history`` of them), in that direction, and not "slight";
* ``highest-rate`` / ``lowest-rate``: among the top (bottom) ``rank_top``
  rates of every area, for an area of at least ``min_population``;
* ``highest-rate-in-region`` / ``lowest-rate-in-region``: the highest
  (lowest) of a region of at least ``region_min`` areas (when not already
  a national extreme the same way);
* ``against-trend``: a clear change one way while the nation, or the region
  (at least ``region_min`` areas), changed clearly the other, the local
  change beyond ``noise_z`` times its counting noise;
* ``rises-in-a-row`` / ``falls-in-a-row``: ``run_years`` or more changes on
  the year the same way, like for like;
* ``large-share``: at least ``share_min`` of the national total and at least
  ``share_ratio`` times the area's share of the population.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newsgen.facts import judgements
from newsgen.leads.scan import Scan

KINDS = ("record-high", "record-low", "unusual-rise", "unusual-fall", "highest-rate",
         "lowest-rate", "highest-rate-in-region", "lowest-rate-in-region", "against-trend",
         "rises-in-a-row", "falls-in-a-row", "large-share")
# Findings whose rarity falls when many areas share them (ranks and shares
# are rare by construction: only three areas can be in the top three).
SHARED_KINDS = ("record-high", "record-low", "unusual-rise", "unusual-fall",
                "rises-in-a-row", "falls-in-a-row")


@dataclass
class Finding:
    kind: str
    area: int                       # index into the scan's areas
    detail: dict = field(default_factory=dict)   # kind-specific numbers (see find)
    same: int = 1                   # areas with the same finding in this category


def _size(cur: float, prev: float) -> str | None:
    if np.isnan(prev) or np.isnan(cur):
        return None
    return judgements.change_size(cur, prev)


def find(s: Scan) -> dict[int, list[Finding]]:
    """Each area's findings (areas without any left out), strongest rule first."""
    st = s.settings
    out: dict[int, list[Finding]] = {}
    nat = s.national

    def add(a, kind, **detail):
        out.setdefault(a, []).append(Finding(kind, a, detail))

    nat_dir = _direction(nat["cur"], nat["prev"])
    for a in np.flatnonzero(s.usable):
        a = int(a)
        cur, prev = float(s.cur[a]), float(s.prev[a])
        size = _size(cur, prev) if s.change_ok[a] else None
        # records within the comparable figures
        if s.years[a] >= st.record_years and s.high_at[a] >= 0:
            if cur > s.grid.values[a, s.high_at[a]]:
                add(a, "record-high")
            elif cur < s.grid.values[a, s.low_at[a]]:
                add(a, "record-low")
        # a change unusual for this series
        z = s.z[a]
        if not np.isnan(z) and s.n_past[a] >= st.history and abs(z) >= st.unusual_z \
                and size in ("clear", "sharp"):
            if z > 0 and cur > prev:
                add(a, "unusual-rise", z=float(z))
            elif z < 0 and cur < prev:
                add(a, "unusual-fall", z=float(z))
        # rates at the ends of the ranking
        big = not np.isnan(s.pop[a]) and s.pop[a] >= st.min_population
        national_end = None
        if s.ranked and big:
            if s.rank[a] <= st.rank_top:
                national_end = "highest"
                add(a, "highest-rate", position=int(s.rank[a]))
            elif s.rank[a] > s.ranked - st.rank_top:
                national_end = "lowest"
                add(a, "lowest-rate", position=int(s.ranked - s.rank[a] + 1))
        if s.ranked and big and s.region_ranked[a] >= st.region_min:
            if s.region_rank[a] == 1 and national_end != "highest":
                add(a, "highest-rate-in-region")
            elif s.region_rank[a] == s.region_ranked[a] and national_end != "lowest":
                add(a, "lowest-rate-in-region")
        # against the national or regional trend
        if size in ("clear", "sharp") and prev > 0 and \
                abs(np.log(cur / prev)) >= st.noise_z * np.sqrt(1 / cur + 1 / prev):
            here = "rise" if cur > prev else "fall"
            region = nat["regions"].get(s.region[a], {})
            reg_dir = _direction(region.get("cur"), region.get("prev"))
            against_nation = nat_dir is not None and nat_dir != here
            against_region = (reg_dir is not None and reg_dir != here
                              and region.get("areas", 0) >= st.region_min)
            if against_nation or against_region:
                scope = "both" if against_nation and against_region else \
                    "national" if against_nation else "regional"
                add(a, "against-trend", scope=scope)
        # runs of rises or falls
        if abs(s.run[a]) >= st.run_years:
            add(a, "rises-in-a-row" if s.run[a] > 0 else "falls-in-a-row", years=int(abs(s.run[a])))
        # a large share of the national total
        if nat["cur"] and nat["pop"] and not np.isnan(s.pop[a]):
            share, pop_share = cur / nat["cur"], s.pop[a] / nat["pop"]
            if share >= st.share_min and share >= st.share_ratio * pop_share:
                add(a, "large-share", share=share, population_share=float(pop_share))
    counts: dict[str, int] = {}
    for found in out.values():
        for f in found:
            counts[f.kind] = counts.get(f.kind, 0) + 1
    for found in out.values():
        for f in found:
            f.same = counts[f.kind]
    return out


def _direction(cur, prev) -> str | None:
    """The direction of a clear change ('rise', 'fall'), None for a slight
    one or none: a trend is only bucked if there is one."""
    if cur is None or prev is None:
        return None
    if judgements.change_size(cur, prev) not in ("clear", "sharp"):
        return None
    return judgements.direction(cur, prev)
