"""The editor's brief: why an article leads on its angle, the angles that came
next and what they scored, and what a reporter could ask to make the story
their own. It goes in the article's JSON and on its review page, never into
the copy (newsgen.facts.newsvalue scores the angles; this says them).
"""

from __future__ import annotations

from itertools import islice

from newsgen.facts.periods import label as period_label
from newsgen.words.phrasing import num, ordinal, pct, rate, region_name

RUNNERS_UP = 3
# Neighbours a brief names: every force of the largest real region (six), but
# not thousands in a synthetic one, which would make each brief as long as
# its region and a build of N areas write N squared names.
NEIGHBOURS_NAMED = 12


def _n(value) -> str:
    return f"{value:,}" if isinstance(value, int) else num(value)


def _ratio(value) -> str:
    return f"{value:.1f} times" if value >= 1 else f"{value:.2f} of"


def why(candidate, kit, force, v: dict) -> str:
    """One sentence for an editor: the figures that make this angle."""
    name, f = candidate.name, candidate.figures
    plural, per = kit.measure["plural"], v.get("per")
    cur = v.get("current")
    try:
        if name in ("record-high", "record-low"):
            which = "highest" if name == "record-high" else "lowest"
            old = f.get("series_max_before") if name == "record-high" else v.get("series_min_before")
            when = f.get("series_max_before_period") if name == "record-high" \
                else v.get("series_min_before_period")
            return (f"{_n(cur)} is the {which} of every comparable 12-month figure since "
                    f"{period_label(f['series_first'])}; the old {which[:-3]} was {_n(old)}, in "
                    f"{period_label(when)}.")
        if name == "record-equal":
            return (f"{_n(cur)} equals the highest comparable figure since "
                    f"{period_label(f['series_first'])}, first reached in "
                    f"{period_label(f['series_max_before_period'])}.")
        if name in ("highest-rate", "lowest-rate"):
            rank, of = f["rate_rank"], f["rate_ranked"]
            k, end = (rank, "highest") if name == "highest-rate" else (of - rank + 1, "lowest")
            place = "the" if k == 1 else f"the {ordinal(k)}"
            return (f"{rate(f['rate'])} {plural} per {per:,} people is {place} {end} rate of all "
                    f"{of} areas, {_ratio(f['rate_ratio'])} the national rate of "
                    f"{rate(f['national_rate'])}.")
        if name == "share":
            return (f"{_n(cur)} is {pct(f['share'] * 100)} of the national total of "
                    f"{_n(f['national_current'])}, at {_ratio(f['rate_ratio'])} the national rate.")
        if name == "against-trend":
            way = "up" if v.get("direction") == "rise" else "down"
            other = "rose" if v.get("national_direction") == "rise" else "fell"
            return (f"{way.capitalize()} {pct(v['change_pct'])} ({_n(v['previous'])} to {_n(cur)}) "
                    f"while the national total {other} {pct(v['national_change_pct'])}.")
        if name in ("sharp-rise", "rise", "sharp-fall", "fall"):
            way = "Up" if v.get("direction") == "rise" else "Down"
            return f"{way} {pct(v['change_pct'])}, from {_n(v['previous'])} to {_n(cur)}."
        if name in ("highest-rate-in-region", "lowest-rate-in-region"):
            end = "highest" if name.startswith("highest") else "lowest"
            return (f"The {end} rate of the {f['region_ranked']} areas in "
                    f"{region_name(force.region)}: {rate(f['rate'])} per {per:,} people against "
                    f"{rate(f['region_rate'])} for the region.")
        if name in ("above-national", "below-national"):
            return (f"{rate(f['rate'])} per {per:,} people against {rate(f['national_rate'])} "
                    f"nationally ({_ratio(f['rate_ratio'])} the national rate).")
        if name == "steady":
            return f"{_n(cur)} against {_n(v['previous'])} the year before: little change."
        if name == "total":
            return f"{_n(cur)} {plural}: no stronger angle holds."
        if candidate.rule:
            return f"The kit's rule “{candidate.rule}” holds."
    except (KeyError, TypeError, ValueError):
        pass
    return ", ".join(f"{k} = {val}" for k, val in candidate.figures.items())


def _ask(lead, kit, force, v: dict) -> str:
    """What to ask the force, about the lead."""
    plural = kit.measure["plural"]
    name = lead.name if lead else "total"
    if name.startswith("record"):
        what = f"why {plural} are at this level, and what it is doing about it"
    elif name in ("highest-rate", "above-national", "highest-rate-in-region", "share"):
        what = f"why its rate of {plural} is higher than elsewhere"
    elif name in ("lowest-rate", "below-national", "lowest-rate-in-region"):
        what = f"why its rate of {plural} is lower than elsewhere: less crime, or less recorded?"
    elif name in ("sharp-rise", "rise", "sharp-fall", "fall", "against-trend"):
        way = "rise" if v.get("direction") == "rise" else "fall"
        what = f"what lies behind the {way}: more (or less) crime, or a change in how it is recorded?"
    else:
        what = f"what the figures show about {plural} in its area"
    return f"Ask {getattr(force, 'house', force.label)} for comment: {what}"


def editors_brief(kit, force, v: dict, lead, second, ranked, neighbours) -> dict:
    """The brief for one article: {'angle', 'second', 'runners_up', 'follow_ups'}."""
    if lead is None:
        return {}
    runners = [c for c in ranked if c is not lead][:RUNNERS_UP]
    follow = [_ask(lead, kit, force, v)]
    window = list(islice(neighbours, NEIGHBOURS_NAMED + 1))
    others = [n for n in window if n.slug != force.slug]
    # beyond the window, counted (the region's areas with figures, this one among them)
    total = len(others) if len(window) == len(neighbours) else len(neighbours) - 1
    more = total - len(others[:NEIGHBOURS_NAMED])
    if others:
        names = ", ".join(n.name for n in others[:NEIGHBOURS_NAMED])
        names += f" and {more:,} more" if more > 0 else ""
        follow.append(f"Compare with the neighbouring forces in {region_name(force.region)}: "
                      f"{names} (their figures are in this story's articles for them, "
                      + ", ".join(f"{kit.name}/{n.slug}.json" for n in others[:3])
                      + (", ..." if len(others) > 3 else "") + ").")
    cur = v.get("current")
    if isinstance(cur, (int, float)) and cur < kit.news_value.min_count:
        follow.append(f"Only {_n(cur)} {kit.measure['plural'] if cur != 1 else kit.measure['singular']}: "
                      "a rate or a percentage change on so few is noise; check with the force "
                      "before making more of it.")
    if v.get("change_across_break"):
        follow.append("The two years were counted differently (a break in the series): ask the "
                      "force how the change in counting affected its figures.")
    return {
        "angle": f"Leads on {lead.name} (score {lead.score:.0f}): {why(lead, kit, force, v)}",
        "second": (f"Then {second.name} (score {second.score:.0f}): {why(second, kit, force, v)}"
                   if second else None),
        "runners_up": [{"name": c.name, "score": round(c.score, 1),
                        "why": why(c, kit, force, v)} for c in runners],
        "follow_ups": follow,
    }
