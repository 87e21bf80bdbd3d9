"""What a chart shows, as plain data and without matplotlib: which chart a kit
and an article's facts call for, and its spec (title, labels, alt text and the
exact figures), recorded in the article JSON and drawn by `picture.render`.
"""

from __future__ import annotations

import re

from newsgen.words import phrasing

# What a kit may name in [chart] type. "auto" picks from the facts; "none" draws nothing.
CHART_TYPES = ("this-year-vs-last", "series", "rate-vs-region")
CHART_SETTINGS = ("auto", "none", *CHART_TYPES)


# -- choosing a chart -------------------------------------------------------

def chart_setting(kit) -> str:
    """The kit's `[chart] type`, checked; "auto" when the kit says nothing."""
    table = (getattr(kit, "raw", None) or {}).get("chart", {})

    error = kit.error

    if not isinstance(table, dict):
        raise error("chart", 'expected a table, like [chart] type = "series"')
    setting = table.get("type", "auto")
    if setting not in CHART_SETTINGS:
        raise error("chart.type", f"expected one of {', '.join(map(repr, CHART_SETTINGS))}, "
                                  f"got {setting!r}")
    unknown = sorted(set(table) - {"type"})
    if unknown:
        raise error(f"chart.{unknown[0]}", "unknown setting; the [chart] table has only `type`")
    return setting


def choose_type(setting: str, values: dict) -> str | None:
    """The chart to draw for these facts, or None when there is nothing to draw."""
    if setting == "none":
        return None
    if setting != "auto":
        return setting if _has_figures(setting, values) else None
    for kind in ("series", "this-year-vs-last", "rate-vs-region"):
        if _has_figures(kind, values) and (kind != "this-year-vs-last" or
                                           values.get("previous") is not None):
            return kind
    return None


def _has_figures(kind: str, values: dict) -> bool:
    if kind == "series":
        return bool(values.get("series"))
    if kind == "this-year-vs-last":
        return values.get("current") is not None
    if kind == "rate-vs-region":
        return values.get("rate") is not None and bool(values.get("region_rates"))
    return False


# -- the spec: words and figures, no drawing ----------------------------------

def _signed_pct(value: float | None) -> str:
    """+20%, −0.3% (a true minus sign), 0% (house style via phrasing.pct)."""
    if value is None:
        return ""
    text = phrasing.pct(value)
    if text in ("0%", "0.0%"):
        return "0%"
    return ("+" if value > 0 else "\u2212") + text


def _count(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.1f}"


def _in_region(region: str) -> str:
    """'East Midlands' -> 'the East Midlands'; 'Wales', 'London' stay bare."""
    return region if region in ("Wales", "London") else f"the {region}"


def _year_of(period: str) -> str:
    """Tick label for a period: '2003-03-31' -> '2003'; anything else as given."""
    p = str(period)
    # as re.fullmatch(r"(\d{4})-\d{2}-\d{2}") (\d: any decimal digit), without
    # the regex: a series chart asks for every point's label
    if len(p) == 10 and p[4] == p[7] == "-" and (p[:4] + p[5:7] + p[8:]).isdecimal():
        return p[:4]
    return p


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _period_axis(periods: list[str]) -> str:
    """'Year ending March' when every period is a date on the same day of the
    year (rolling annual totals); 'Period ending' for other dates (quarterly
    points of rolling totals); 'Period' otherwise."""
    import calendar

    dates = [p for p in periods if _DATE.fullmatch(p)]
    ends = {p[5:] for p in dates}
    if len(ends) == 1 and len(periods) == len(dates):
        return f"Year ending {calendar.month_name[int(next(iter(ends))[:2])]}"
    if ends and len(dates) == len(periods):
        return "Period ending"
    return "Period"


def chart_spec(article, kit, kind: str) -> dict:
    """Everything the picture shows, as plain data (picklable, JSON-ready)."""
    v = article.facts.values
    measure = kit.measure
    plural = phrasing.capitalise(measure["plural"])
    short = phrasing.capitalise(measure["short_plural"])
    source = f"Source: {kit.source['name']}"
    base = {"type": kind, "area": article.area, "source": source}

    if kind == "this-year-vs-last":
        cur_p, prev_p = v.get("current_period") or kit.current, v.get("previous_period") or kit.previous
        has_prev = v.get("previous") is not None
        periods = [prev_p, cur_p] if has_prev else [cur_p]
        values = [v["previous"], v["current"]] if has_prev else [v["current"]]
        data = {"periods": periods, "values": values,
                "change_pct": v.get("change_pct") if has_prev else None,
                "national_name": v.get("national_name"),
                "national_change_pct": v.get("national_change_pct")}
        title = f"{plural} in {article.area}"
        subtitle = (f"{prev_p} and {cur_p}, and the change on the year" if has_prev
                    else f"Recorded in {cur_p} (no figure for {prev_p or 'the year before'})")
        alt = (f"Bar chart: {article.area} recorded {_count(v['current'])} {measure['plural']} "
               f"in {cur_p}")
        alt += (f", against {_count(v['previous'])} in {prev_p} ({_signed_pct(v.get('change_pct'))})"
                if has_prev else f"; there is no figure for {prev_p}")
        if data["national_change_pct"] is not None:
            alt += (f". The {data['national_name']} total changed by "
                    f"{_signed_pct(data['national_change_pct'])}")
        labels = {"y": short, "x": "Financial year", "change_y": "Change"}
    elif kind == "series":
        series = [{"period": str(p["period"]), "value": p["value"]} for p in v["series"]]
        # breaks the kit declares inside the series: a figure either side is
        # counted differently (newsgen.facts.breaks)
        breaks = [{"date": str(b["date"]), "label": str(b["label"])}
                  for b in v.get("series_breaks") or []]
        data = {"periods": [p["period"] for p in series], "values": [p["value"] for p in series],
                "latest": series[-1], "breaks": breaks}
        first, last = series[0]["period"], series[-1]["period"]
        title = f"{plural} in {article.area}"
        subtitle = f"{_year_of(first)} to {_year_of(last)}; latest figure marked"
        if breaks:
            subtitle += "; dashed lines: figures counted differently"
        alt = (f"Line chart: {measure['plural']} recorded in {article.area} from {first} to "
               f"{last}, {len(series)} points, from {_count(series[0]['value'])} to "
               f"{_count(series[-1]['value'])}; the latest, {last}, is marked")
        for b in breaks:
            alt += (f"; a dashed line at {b['date']} marks a change in how the figures are "
                    f"counted ({b['label']}): figures either side are not directly comparable")
        labels = {"y": short, "x": _period_axis(data["periods"])}
    elif kind == "rate-vs-region":
        per = v.get("per") or kit.per
        rates = [{"area": r["area"], "rate": float(r["rate"])} for r in v["region_rates"]]
        data = {"per": per, "region": article.region, "rates": rates, "rate": float(v["rate"]),
                "region_rate": v.get("region_rate"), "period": v.get("current_period")}
        title = f"{plural} per {per:,} people"
        subtitle = (f"{article.area} and the other forces in {_in_region(article.region)} "
                    f"with figures, {data['period']}" if len(rates) > 1 else
                    f"{article.area}, the only force in {_in_region(article.region)} with "
                    f"figures, {data['period']}")
        alt = (f"Bar chart: {measure['plural']} per {per:,} people in {data['period']}: "
               + "; ".join(f"{r['area']} {r['rate']:,.1f}" for r in rates))
        if data["region_rate"] is not None and len(rates) > 1:
            alt += f". All these forces together: {data['region_rate']:,.1f}"
        labels = {"y": "", "x": f"{short} per {per:,} people"}
    else:  # pragma: no cover - choose_type only returns the above
        raise ValueError(kind)
    return {**base, "title": title, "subtitle": subtitle, "alt": alt + ".",
            "labels": labels, "data": data}
