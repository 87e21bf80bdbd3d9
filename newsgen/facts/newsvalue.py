"""News value: which of an area's figures is the story.

Every candidate angle that holds for an area's facts gets a score from its
figures; the strongest leads the article and the strongest of another kind
supports it. Numbers in, names and scores out, never words (the editor's
brief in newsgen.words.brief says them). The README's "News value" section
gives the same table for an editor to argue with; a kit tunes it in
``[news_value]`` (see `Settings`).

The candidates, each with its family (the support comes from another
family than the lead, so it adds a fact rather than restating one):

=====================  ======  ==========================================================
angle                  family  holds when, and its score
=====================  ======  ==========================================================
record-high            record  above every earlier figure of a comparable series of at
                               least `record_years` years: 60, plus up to 10 for the
                               margin over the old high (a point per 2%)
record-equal           record  level with that series' old high: 50
record-low             record  below every earlier figure: 50, plus up to 10 likewise
highest-since          record  not a record, but the highest since a period at least
lowest-since                   `since_years` years back (every figure since was lower;
                               higher): 35 + a point a year, at most 15
highest-rate           rate    one of the `rank_ends` highest rates of *all* areas (no
                               rank against an incomplete set): 62, 56, 50 for first,
                               second, third, plus up to 10 for the distance from the
                               national rate (6 points per doubling or halving)
lowest-rate            rate    the same at the bottom: 55, 50, 45, plus up to 10
share                  share   at least `share` per cent of the national total, and a
                               rate materially above the national one: 40 + the share
against-trend          change  a change of 2% or more one way while the national total
                               moved clearly (5% or more) the other: 42 + the change (up
                               to 18) + half the national change (up to 10)
sharp-rise/sharp-fall  change  a change of 25% or more: 20 + 0.8 x the change, at most 60
rise/fall              change  a clear change (5% or more; a "modest" 2-5% is said in the
                               body but leads only against the trend): the same formula
highest-rate-in-region rate    the highest rate of three or more areas in a region, and
lowest-rate-in-region          materially above (below) the region's: 32 (28), plus up to
                               10 for the distance from the region's rate
above-national         rate    a rate materially above the national rate: 15 + 15 x
                               the doublings, at most 40
below-national         rate    materially below: 10 + 10 x the halvings, at most 30 (most
                               areas are below an average a few cities make)
steady                 change  a slight change, or none: 10
total                  total   always: 5
=====================  ======  ==========================================================

Noise is discounted, not trusted: every rate angle needs at least
`min_count` offences and an area whose rate per resident is comparable
(not one of `no_rate`); "above/below" needs a gap of at least
`material_gap` per cent; a change on fewer than `min_count` offences in
both years scores half. A change across a break in the series (the two
years were counted differently: the fact ``change_across_break``, see
newsgen.facts.breaks) is no candidate at all: the body tells it, with the
break beside it, but it never leads or supports.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from newsgen.facts.judgements import change_size

BUILT_IN = ("record-high", "record-equal", "record-low", "highest-since", "lowest-since",
            "highest-rate", "lowest-rate", "share",
            "against-trend", "sharp-rise", "sharp-fall", "rise", "fall",
            "highest-rate-in-region", "lowest-rate-in-region", "above-national",
            "below-national", "steady", "total")

FAMILIES = {"record-high": "record", "record-equal": "record", "record-low": "record",
            "highest-since": "record", "lowest-since": "record",
            "highest-rate": "rate", "lowest-rate": "rate", "share": "share",
            "against-trend": "change", "sharp-rise": "change", "sharp-fall": "change",
            "rise": "change", "fall": "change", "highest-rate-in-region": "rate",
            "lowest-rate-in-region": "rate", "above-national": "rate",
            "below-national": "rate", "steady": "change", "total": "total"}

# The support must be worth a sentence near the top: below this it is left
# to the body, where every fact has its place anyway.
SUPPORT_MIN = 15.0


@dataclass(frozen=True)
class Settings:
    """What a kit may tune (kit.toml ``[news_value]``); the defaults are the
    house rules of ../shared/PHRASING.md."""

    min_count: int = 20           # offences a rate angle needs: two make no rate story
    material_gap: float = 10.0    # per cent: "above/below average" needs at least this gap
    share: float = 10.0           # per cent of the national total for a share angle
    share_least: float = 1.0      # per cent of the national total the copy says at all
    record_years: int = 5         # years of comparable series a record needs
    since_years: int = 5          # "the highest since P" is news when P is this far back
    rank_ends: int = 3            # ranks among all areas are said for the top and bottom few
    no_rate: tuple[str, ...] = ()   # areas whose rate per resident misleads (the City of London)
    angles: tuple[str, ...] = BUILT_IN   # the built-in angles the kit's templates write
    weights: tuple[tuple[str, float], ...] = ()   # (angle, multiplier): a kit's own emphasis

    def weight(self, name: str) -> float:
        return dict(self.weights).get(name, 1.0)


DEFAULT = Settings()


@dataclass
class Candidate:
    name: str
    family: str
    score: float
    figures: dict                  # the facts that decided it
    claim: tuple[str, ...]         # the facts an intro on this angle states (one at least)
    parts: dict = field(default_factory=dict)   # how the score was made, for the brief
    rule: str = ""                 # a kit's own rule ([[angles]] when), if it is one

    def as_dict(self) -> dict:
        out = {"name": self.name, "family": self.family, "score": round(self.score, 1),
               "figures": self.figures, "claim": list(self.claim),
               "parts": {k: round(v, 2) for k, v in self.parts.items()}}
        if self.rule:
            out["rule"] = self.rule
        return out


def _num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v


def _doublings(ratio: float) -> float:
    """How many times a ratio doubles (or halves): 2 -> 1, 0.25 -> 2."""
    return abs(math.log2(ratio)) if ratio > 0 else 0.0


def rate_usable(v: dict, settings: Settings, slug: str) -> bool:
    """May this area's rate make a story: enough offences, and a population
    base that means what it says."""
    return (_num(v.get("rate")) and _num(v.get("current")) and v["current"] >= settings.min_count
            and slug not in settings.no_rate)


def ranks_complete(v: dict) -> bool:
    """Is the rate ranked among every area of the table? A rank among the
    forces whose figures happen to be known is unfair to each of them."""
    of = v.get("rate_ranked")
    total = v.get("rates_in_table", v.get("areas_in_table"))   # no_rate areas are never ranked
    return _num(of) and _num(total) and of == total and of > 2


def rank_sayable(rank, of, settings: Settings = DEFAULT, complete: bool = True) -> bool:
    """A rank is news at the ends only: the top or bottom `rank_ends`."""
    if not (_num(rank) and _num(of)) or not complete or of < 2:
        return False
    ends = settings.rank_ends
    return rank <= ends or rank > of - ends


def material(ratio, settings: Settings = DEFAULT) -> bool:
    """Is a rate far enough from another for "above" or "below" to mean anything?"""
    if not _num(ratio) or ratio <= 0:
        return False
    gap = settings.material_gap / 100
    return ratio >= 1 + gap or ratio <= 1 / (1 + gap)


def sayable(v: dict, settings: Settings, slug: str) -> dict:
    """What the templates may say beside the lead, by the same rules that
    make the candidates: {'rate': the rate at all, 'rank': the national rate
    rank, 'vs_national': above/below the national rate, 'share': the share
    of the national total at all, 'region_rank': the
    rate's rank in the region, 'region_count_rank': the count's rank in the
    region, 'vs_region': above/below the region's rate}.

    A rank within a region is said only at its ends, and only among three
    or more: "the third highest of five" tells a reader nothing a figure
    does not, and "the higher of the two" in London is the Met against the
    City."""
    rate = rate_usable(v, settings, slug)
    national_ratio = v.get("rate_ratio")
    region_ratio = v.get("region_rate_ratio")
    return {
        "rate": rate,
        "rank": rate and rank_sayable(v.get("rate_rank"), v.get("rate_ranked"), settings,
                                      ranks_complete(v)),
        "vs_national": rate and material(national_ratio, settings),
        "vs_region": rate and material(region_ratio, settings),
        "region_rank": rate and region_end(v.get("region_rate_rank"), v.get("region_ranked")),
        "region_count_rank": region_end(v.get("region_rank"), v.get("region_ranked")),
        # a share of the national total below one in 100 ("about one in 1,321")
        # is a figure no reader can picture: not said
        "share": _num(v.get("share")) and v["share"] >= settings.share_least / 100,
    }


def region_end(rank, of) -> bool:
    """Is a rank among a region's forces at one of its ends?"""
    return _num(rank) and _num(of) and of >= 3 and rank in (1, of)


def _years_before(v: dict, name: str) -> float | None:
    """Years from the period fact `name` to the current period."""
    then, current = v.get(name), v.get("current_period")
    if not isinstance(then, str) or not isinstance(current, str):
        return None
    from newsgen.facts.periods import sort_key
    try:
        return (sort_key(current) - sort_key(then)).days / 365.25
    except ValueError:
        return None


def _change_score(v: dict, settings: Settings) -> tuple[float, dict]:
    pct = abs(v["change_pct"])
    parts = {"change": min(40.0, 0.8 * pct)}
    score = 20 + parts["change"]
    return score, parts


def _discounts(v: dict, settings: Settings, score: float, parts: dict) -> float:
    """A change on a handful of offences is weaker news than its percentage says."""
    cur, prev = v.get("current"), v.get("previous")
    if _num(cur) and _num(prev) and max(cur, prev) < settings.min_count:
        parts["few offences: x0.5"] = -score / 2
        score /= 2
    return score


def candidates(v: dict, settings: Settings = DEFAULT, slug: str = "") -> list[Candidate]:
    """Every built-in angle that holds for these facts, scored (unsorted)."""
    out: list[Candidate] = []
    enabled = set(settings.angles)

    def add(name, score, figures, claim, parts=None):
        if name in enabled:
            w = settings.weight(name)
            parts = dict(parts or {})
            if w != 1.0:
                parts[f"kit weight x{w:g}"] = score * (w - 1)
            out.append(Candidate(name, FAMILIES[name], score * w,
                                 {k: v.get(k) for k in figures}, tuple(claim), parts))

    cur = v.get("current")
    # records, within the comparable series the facts were computed on
    years = _years_before(v, "series_first")
    if years is not None and years >= settings.record_years and _num(cur):
        record = ("current", "series_first", "series_first_year", "series_max_before",
                  "series_max_before_period")
        high, low = v.get("series_max_before"), v.get("series_min_before")
        if v.get("series_high") and _num(high) and high > 0:
            margin = min(10.0, (cur - high) / high * 100 / 2)
            add("record-high", 60 + margin, record,
                ("series_first", "series_first_year", "series_max_before"),
                {"base": 60, "margin over the old high": margin})
        elif _num(high) and cur == high and cur > 0:
            add("record-equal", 50, record, ("series_max_before", "series_max_before_period"),
                {"base": 50})
        if v.get("series_low") and _num(low) and low > 0:
            margin = min(10.0, (low - cur) / low * 100 / 2)
            add("record-low", 50 + margin,
                ("current", "series_first", "series_min_before", "series_min_before_period"),
                ("series_first", "series_first_year", "series_min_before"),
                {"base": 50, "margin under the old low": margin})
        # not a record, but the most (fewest) for years: the previous time the
        # force recorded as many was at least `since_years` back
        for name, last, record_held in (
                ("highest-since", "last_higher_period",
                 v.get("series_high") or (_num(high) and cur == high)),
                ("lowest-since", "last_lower_period",
                 v.get("series_low") or (_num(low) and cur == low))):
            back = _years_before(v, last)
            if not record_held and back is not None and back >= settings.since_years and cur > 0:
                add(name, 35 + min(15.0, back), ("current", last, "series_max_before",
                                                 "series_max_before_period"),
                    (last,), {"base": 35, "a point a year back": min(15.0, back)})

    say = sayable(v, settings, slug)
    ratio = v.get("rate_ratio")
    far = min(10.0, 6 * _doublings(ratio)) if _num(ratio) else 0.0
    rank, of = v.get("rate_rank"), v.get("rate_ranked")
    rate_figures = ("current", "rate", "rate_rank", "rate_ranked", "national_rate", "rate_ratio")
    if say["rank"]:
        if rank <= settings.rank_ends:
            base = (62, 56, 50)[rank - 1] if rank <= 3 else 50 - 6 * (rank - 3)
            add("highest-rate", base + far, rate_figures, ("rate_rank",),
                {f"rank {rank} of {of}": base, "distance from the national rate": far})
        else:
            k = of - rank + 1
            base = (55, 50, 45)[k - 1] if k <= 3 else 45 - 5 * (k - 3)
            add("lowest-rate", base + far, rate_figures, ("rate_rank",),
                {f"rank {k} from the bottom of {of}": base, "distance from the national rate": far})
    share = v.get("share")
    if _num(share) and share * 100 >= settings.share and say["vs_national"] and ratio > 1:
        add("share", 40 + min(40.0, share * 100), ("current", "share", "national_current", "rate_ratio"),
            ("share",), {"base": 40, "share of the national total": min(40.0, share * 100)})

    size, pct = v.get("size"), v.get("change_pct")
    if v.get("change_across_break"):
        size = None   # not like for like: told in the body, never the angle
    # a modest change (2% to under 5%) is said with its figure but is news only
    # against the national trend; a clear or sharp one is news either way
    if size in ("modest", "clear", "sharp") and _num(pct):
        nat_pct = v.get("national_change_pct")
        change = ("current", "previous", "change", "change_pct")
        national_size = change_size(v.get("national_current"), v.get("national_previous")) \
            if _num(v.get("national_current")) and _num(v.get("national_previous")) else None
        if v.get("versus_national") == "against" and _num(nat_pct) and \
                national_size in ("clear", "sharp"):
            parts = {"base": 42, "the change": min(18.0, abs(pct)),
                     "the national change": min(10.0, abs(nat_pct) / 2)}
            score = _discounts(v, settings, sum(parts.values()), parts)
            add("against-trend", score, change + ("national_change_pct",),
                ("change_pct", "national_change_pct"), parts)
        if size != "modest":
            score, parts = _change_score(v, settings)
            parts = {"base": 20, **parts}
            score = _discounts(v, settings, score, parts)
            rising = v.get("direction") == "rise"
            name = ("sharp-" if size == "sharp" else "") + ("rise" if rising else "fall")
            add(name, score, change, ("change_pct", "change"), parts)
    elif size in ("slight", "unchanged"):
        add("steady", 10, ("current", "previous", "change_pct"), ("current", "previous"),
            {"base": 10})

    if say["region_rank"] and v["region_ranked"] >= 3 and say["vs_region"]:
        rrank, rof = v.get("region_rate_rank"), v["region_ranked"]
        rfar = min(10.0, 10 * _doublings(v["region_rate_ratio"]))
        region_figures = ("current", "rate", "region_rate", "region_rate_rank", "region_ranked",
                          "region_rate_ratio")
        if rrank == 1 and v["region_rate_ratio"] > 1:
            add("highest-rate-in-region", 32 + rfar, region_figures, ("rate", "region_rate"),
                {"base": 32, "distance from the region's rate": rfar})
        elif rrank == rof and v["region_rate_ratio"] < 1:
            add("lowest-rate-in-region", 28 + rfar, region_figures, ("rate", "region_rate"),
                {"base": 28, "distance from the region's rate": rfar})
    if say["vs_national"]:
        # below the national rate is the usual state of most areas where a few
        # big cities make the average (robbery): weaker news than above it
        above = ratio > 1
        base, per, cap = (15, 15, 25) if above else (10, 10, 20)
        gap = min(cap, per * _doublings(ratio))
        add("above-national" if above else "below-national", base + gap,
            ("current", "rate", "national_rate", "rate_ratio"), ("rate", "national_rate", "rate_ratio"),
            {"base": base, "distance from the national rate": gap})
    if _num(cur):
        add("total", 5, ("current",), ("current",), {"base": 5})
    return out


def choose(scored: list[Candidate]) -> tuple[Candidate | None, Candidate | None, list[Candidate]]:
    """(lead, support, every candidate best first). Ties go to the order of
    BUILT_IN (records before ranks before changes), then to a kit's own rules
    in their order."""
    order = {name: i for i, name in enumerate(BUILT_IN)}
    ranked = sorted(enumerate(scored), key=lambda ic: (-round(ic[1].score, 6),
                                                       order.get(ic[1].name, len(order)), ic[0]))
    ranked = [c for _, c in ranked]
    if not ranked:
        return None, None, []
    lead = ranked[0]
    support = next((c for c in ranked[1:] if c.family not in (lead.family, "total")
                    and c.score >= SUPPORT_MIN), None)
    return lead, support, ranked


def aside(lead: Candidate | None, ranked: list[Candidate]) -> Candidate | None:
    """The best angle of another family than the lead's that is neither a
    change nor the total: what the paragraph after the figures adds (that
    paragraph states the change on the year whatever its score)."""
    if lead is None:
        return None
    return next((c for c in ranked if c is not lead and c.family not in (lead.family, "change", "total")
                 and c.score >= SUPPORT_MIN), None)
