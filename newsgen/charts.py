"""Charts: one picture per article, drawn from that article's own figures.

A chart is first described as plain data (a spec: title, labels and the exact
figures), built from the article's facts; the spec is recorded in the article
JSON, then drawn to SVG and PNG by matplotlib's Agg and SVG backends with
fixed fonts and settings, so the same figures give the same bytes.

A kit chooses its chart in kit.toml (``[chart] type = "..."``); without that
the type follows from the facts the article has. matplotlib is imported only
when something is drawn, so ``newsgen --help`` stays fast.
"""

from __future__ import annotations

import math
import os
import re
from concurrent.futures import ProcessPoolExecutor

from . import phrasing
from .errors import NewsgenError

# What a kit may name in [chart] type. "auto" picks from the facts; "none" draws nothing.
CHART_TYPES = ("this-year-vs-last", "series", "rate-vs-region")
CHART_SETTINGS = ("auto", "none", *CHART_TYPES)

CHART_PATH = "{kit}/{slug}.{ext}"

WIDTH_IN, HEIGHT_IN = 6.0, 4.0   # shown about 360-600 CSS px wide: 1pt ~ 1px
PNG_DPI = 100                    # 600 x 400 px; the SVG scales to any width
FONT = "DejaVu Sans"             # ships with matplotlib, so every machine draws the same

INK, MUTED, GRID = "#1a1a1a", "#5a5a5a", "#d9d9d9"
HIGHLIGHT, OTHER, NATIONAL_COLOUR = "#1f5fa8", "#a9b4c2", "#7a7a7a"

# Below this many charts, starting worker processes costs more than it saves.
PARALLEL_FROM = 24


class ChartError(NewsgenError):
    """A kit's [chart] table is wrong."""


# -- choosing a chart -------------------------------------------------------

def chart_setting(kit) -> str:
    """The kit's `[chart] type`, checked; "auto" when the kit says nothing."""
    table = (getattr(kit, "raw", None) or {}).get("chart", {})
    if not isinstance(table, dict):
        raise ChartError(f"{kit.file}: chart: expected a table, like [chart] type = \"series\"")
    setting = table.get("type", "auto")
    if setting not in CHART_SETTINGS:
        raise ChartError(f"{kit.file}: chart.type: expected one of "
                         f"{', '.join(map(repr, CHART_SETTINGS))}, got {setting!r}")
    unknown = sorted(set(table) - {"type"})
    if unknown:
        raise ChartError(f"{kit.file}: chart.{unknown[0]}: unknown setting; "
                         "the [chart] table has only `type`")
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
    m = re.fullmatch(r"(\d{4})-\d{2}-\d{2}", str(period))
    return m.group(1) if m else str(period)


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
        subtitle = (f"Recorded in {prev_p} and {cur_p}, and the change on the year" if has_prev
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
        data = {"periods": [p["period"] for p in series], "values": [p["value"] for p in series],
                "latest": series[-1]}
        first, last = series[0]["period"], series[-1]["period"]
        title = f"{plural} in {article.area}"
        subtitle = f"{_year_of(first)} to {_year_of(last)}; latest figure marked"
        alt = (f"Line chart: {measure['plural']} recorded in {article.area} from {first} to "
               f"{last}, {len(series)} points, from {_count(series[0]['value'])} to "
               f"{_count(series[-1]['value'])}; the latest, {last}, is marked")
        labels = {"y": short, "x": "Period"}
    elif kind == "rate-vs-region":
        per = v.get("per") or kit.per
        rates = [{"area": r["area"], "rate": float(r["rate"])} for r in v["region_rates"]]
        data = {"per": per, "region": article.region, "rates": rates, "rate": float(v["rate"]),
                "region_rate": v.get("region_rate"), "period": v.get("current_period")}
        title = f"{plural} per {per:,} people"
        subtitle = f"{article.area} and other forces in {_in_region(article.region)}, {data['period']}"
        alt = (f"Bar chart: {measure['plural']} per {per:,} people in {data['period']}: "
               + "; ".join(f"{r['area']} {r['rate']:,.1f}" for r in rates))
        if data["region_rate"] is not None:
            alt += f". All these forces together: {data['region_rate']:,.1f}"
        labels = {"y": "", "x": f"{short} per {per:,} people"}
    else:  # pragma: no cover - choose_type only returns the above
        raise ValueError(kind)
    return {**base, "title": title, "subtitle": subtitle, "alt": alt + ".",
            "labels": labels, "data": data}


# -- drawing --------------------------------------------------------------------

_RC = {
    "svg.hashsalt": "newsgen",   # clip-path ids from a fixed salt, not a random one
    "svg.fonttype": "none",      # text stays text: readable, searchable, small
    "svg.image_inline": True,
    "font.family": FONT,
    "font.size": 12,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 11,
    "xtick.color": INK,
    "ytick.color": MUTED,
    "path.simplify": True,
}


def _matplotlib():
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(_RC)
    from matplotlib.figure import Figure
    return Figure


def _frame(fig, spec: dict) -> None:
    """Title, subtitle and source line, at fixed places on the figure."""
    fig.text(0.02, 0.965, spec["title"], fontsize=15, fontweight="bold", color=INK,
             va="top", ha="left")
    fig.text(0.02, 0.885, spec["subtitle"], fontsize=11, color=MUTED, va="top", ha="left")
    fig.text(0.02, 0.025, spec["source"], fontsize=10, color=MUTED, va="bottom", ha="left")


def _tidy(ax) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_axisbelow(True)


def _bar_labels(ax, bars, texts, inside=False) -> None:
    for bar, text in zip(bars, texts):
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                    fontsize=12, fontweight="bold", color=INK, gid="value-label")


def _draw_year_vs_last(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    show_change = d["change_pct"] is not None or d["national_change_pct"] is not None
    grid = fig.add_gridspec(1, 2, left=0.13, right=0.97, top=0.74, bottom=0.2,
                            width_ratios=[1.25, 1], wspace=0.45)
    ax = fig.add_subplot(grid[0, 0] if show_change else grid[0, :])
    colours = [OTHER] * (len(d["values"]) - 1) + [HIGHLIGHT]
    bars = ax.bar(range(len(d["values"])), d["values"], color=colours, width=0.62)
    _bar_labels(ax, bars, [_count(x) for x in d["values"]])
    ax.set_xticks(range(len(d["periods"])), d["periods"])
    ax.set_xlim(-0.6, len(d["values"]) - 0.4) if len(d["values"]) > 1 else ax.set_xlim(-1, 1)
    ax.set_ylim(0, max(d["values"]) * 1.18 or 1)
    ax.set_ylabel(lab["y"])
    ax.set_xlabel(lab["x"])
    ax.set_title(spec["area"], loc="left", fontweight="bold", color=INK)
    ax.yaxis.grid(True, color=GRID, linewidth=0.8)
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{int(y):,}")
    _tidy(ax)
    if not show_change:
        return
    from matplotlib.ticker import MaxNLocator

    cx = fig.add_subplot(grid[0, 1])
    names, changes, colours = [], [], []
    if d["change_pct"] is not None:
        names.append(spec["area"]); changes.append(d["change_pct"]); colours.append(HIGHLIGHT)
    if d["national_change_pct"] is not None:
        names.append(d["national_name"] or "National"); changes.append(d["national_change_pct"])
        colours.append(NATIONAL_COLOUR)
    bars = cx.bar(range(len(changes)), changes, color=colours, width=0.62)
    for bar, value in zip(bars, changes):
        cx.annotate(_signed_pct(value), (bar.get_x() + bar.get_width() / 2, value),
                    xytext=(0, 3 if value >= 0 else -3), textcoords="offset points",
                    ha="center", va="bottom" if value >= 0 else "top",
                    fontsize=12, fontweight="bold", color=INK, gid="change-label")
    cx.set_xticks(range(len(names)), [_wrap(n) for n in names])
    cx.set_xlim(-0.6, len(changes) - 0.4) if len(changes) > 1 else cx.set_xlim(-1, 1)
    low, high = min(0, *changes), max(0, *changes)
    span = (high - low) or 1
    cx.set_ylim(low - span * (0.2 if low < 0 else 0), high + span * 0.2)
    cx.axhline(0, color=MUTED, linewidth=1)
    cx.set_title(lab["change_y"], loc="left", fontweight="bold", color=INK)
    cx.yaxis.set_major_locator(MaxNLocator(4))
    cx.yaxis.set_major_formatter(lambda y, _pos: f"{y:+.0f}%" if y else "0%")
    cx.yaxis.grid(True, color=GRID, linewidth=0.8)
    _tidy(cx)
    cx.spines["bottom"].set_visible(False)


def _wrap(name: str, width: int = 12) -> str:
    """Break a long area name over two lines at a space."""
    if len(name) <= width or " " not in name:
        return name
    cut = name.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else name.find(" ")
    return name[:cut] + "\n" + name[cut + 1:]


def _draw_series(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    xs = list(range(len(d["values"])))
    ax = fig.add_axes((0.17, 0.2, 0.76, 0.56))
    ax.plot(xs, d["values"], color=HIGHLIGHT, linewidth=2.2, solid_capstyle="round")
    ax.plot([xs[-1]], [d["values"][-1]], "o", color=HIGHLIGHT, markersize=8,
            markeredgecolor="white", markeredgewidth=1.5)
    ax.annotate(f"{_count(d['values'][-1])}\n{_year_of(d['periods'][-1])}",
                (xs[-1], d["values"][-1]), xytext=(-8, 10), textcoords="offset points",
                ha="right", va="bottom", fontsize=12, fontweight="bold", color=INK,
                gid="latest-label")
    step = max(1, math.ceil(len(xs) / 6))
    ticks = xs[::step]
    if xs[-1] - ticks[-1] >= step / 2:
        ticks.append(xs[-1])
    elif ticks[-1] != xs[-1]:
        ticks[-1] = xs[-1]
    ax.set_xticks(ticks, [_year_of(d["periods"][i]) for i in ticks])
    ax.set_xlim(-0.5, xs[-1] + 0.5)
    ax.set_ylim(0, max(d["values"]) * 1.25 or 1)
    ax.set_ylabel(lab["y"])
    ax.set_xlabel(lab["x"])
    ax.yaxis.grid(True, color=GRID, linewidth=0.8)
    ax.yaxis.set_major_formatter(lambda y, _pos: f"{int(y):,}")
    _tidy(ax)


def _draw_rate_vs_region(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    rates = d["rates"]
    ys = list(range(len(rates)))[::-1]   # highest at the top
    bottom = 0.17
    ax = fig.add_axes((0.33, bottom, 0.6, 0.76 - bottom - 0.02))
    colours = [HIGHLIGHT if r["area"] == spec["area"] else OTHER for r in rates]
    bars = ax.barh(ys, [r["rate"] for r in rates], color=colours, height=0.66)
    top = max(r["rate"] for r in rates)
    for bar, r in zip(bars, rates):
        ax.annotate(f"{r['rate']:,.1f}", (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(4, 0), textcoords="offset points", va="center", ha="left",
                    fontsize=11, fontweight="bold" if r["area"] == spec["area"] else "normal",
                    color=INK, gid="rate-label",
                    bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
    ax.set_yticks(ys, [r["area"] for r in rates])
    for label, r in zip(ax.get_yticklabels(), rates):
        if r["area"] == spec["area"]:
            label.set_fontweight("bold")
    if d["region_rate"] is not None:
        ax.axvline(d["region_rate"], color=INK, linestyle=(0, (3, 2)), linewidth=1.2)
        ax.annotate(f"All {len(rates)} forces: {d['region_rate']:,.1f}", (d["region_rate"], 1),
                    xycoords=("data", "axes fraction"),
                    xytext=(-3, 2) if d["region_rate"] > top * 0.6 else (3, 2),
                    ha="right" if d["region_rate"] > top * 0.6 else "left",
                    textcoords="offset points", fontsize=10, color=INK, va="bottom",
                    gid="region-label")
    ax.set_xlim(0, top * 1.22 or 1)
    ax.set_ylim(-0.6, len(rates) - 0.4)
    ax.set_xlabel(lab["x"])
    ax.xaxis.grid(True, color=GRID, linewidth=0.8)
    _tidy(ax)
    ax.tick_params(axis="y", labelsize=11 if len(rates) <= 6 else 10)


_DRAW = {"this-year-vs-last": _draw_year_vs_last, "series": _draw_series,
         "rate-vs-region": _draw_rate_vs_region}


def render(spec: dict) -> tuple[bytes, bytes]:
    """The spec drawn as (SVG bytes, PNG bytes); the same spec gives the same bytes."""
    import io

    Figure = _matplotlib()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=PNG_DPI, facecolor="white")
    _frame(fig, spec)
    _DRAW[spec["type"]](fig, spec)
    svg, png = io.BytesIO(), io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None,
                                              "Title": spec["title"],
                                              "Description": spec["alt"]})
    fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return svg.getvalue(), png.getvalue()


def render_all(specs: list[dict], workers: int | None = None) -> list[tuple[bytes, bytes]]:
    """Every spec drawn, in order; in worker processes when there are many."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if len(specs) >= PARALLEL_FROM else 1
    if workers <= 1 or len(specs) < 2:
        return [render(s) for s in specs]
    chunk = max(1, math.ceil(len(specs) / (workers * 4)))
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(render, specs, chunksize=chunk))


# -- the build stage ------------------------------------------------------------

def draw_charts(ctx) -> None:
    """Stage: OUTPUT/<kit>/<slug>.svg and .png for each article, recorded in
    ``article.extras["charts"]`` for the HTML, JSON, feeds and review."""
    if not getattr(ctx.options, "charts", True):
        return
    settings: dict[str, str] = {}
    jobs = []
    for article in ctx.articles:
        kit = ctx.writers[article.kit].kit
        if kit.name not in settings:
            settings[kit.name] = chart_setting(kit)
        kind = choose_type(settings[kit.name], article.facts.values)
        if kind is not None:
            jobs.append((article, chart_spec(article, kit, kind)))
    workers = ctx.options.extra.get("chart_workers")
    drawn = render_all([spec for _, spec in jobs], workers)
    for (article, spec), (svg, png) in zip(jobs, drawn):
        fields = {"kit": article.kit, "slug": article.slug}
        svg_path, png_path = CHART_PATH.format(ext="svg", **fields), CHART_PATH.format(ext="png", **fields)
        ctx.staging.write(svg_path, svg)
        ctx.staging.write(png_path, png)
        article.extras.setdefault("charts", []).append({
            "type": spec["type"], "svg": svg_path, "png": png_path,
            "svg_name": f"{article.slug}.svg", "png_name": f"{article.slug}.png",
            "width": int(WIDTH_IN * PNG_DPI), "height": int(HEIGHT_IN * PNG_DPI),
            "title": spec["title"], "alt": spec["alt"], "data": spec["data"],
        })
