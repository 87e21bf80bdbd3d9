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

from newsgen.words import phrasing
from newsgen.errors import DataError

# What a kit may name in [chart] type. "auto" picks from the facts; "none" draws nothing.
CHART_TYPES = ("this-year-vs-last", "series", "rate-vs-region")
CHART_SETTINGS = ("auto", "none", *CHART_TYPES)

CHART_PATH = "{kit}/{slug}.{ext}"

# 360 x 270 pt: on a phone (about 360 CSS px wide) 1 pt is about 1 px, so
# 12 pt labels read as 12 px text.
WIDTH_IN, HEIGHT_IN = 5.0, 3.75
PNG_DPI = 120                    # 600 x 450 px; the SVG scales to any width
FONT = "DejaVu Sans"             # ships with matplotlib, so every machine draws the same

INK, MUTED, GRID = "#1a1a1a", "#5a5a5a", "#d9d9d9"
HIGHLIGHT, OTHER, NATIONAL_COLOUR = "#1f5fa8", "#a9b4c2", "#7a7a7a"

# Below this many charts, starting worker processes costs more than it saves.
PARALLEL_FROM = 12


# -- choosing a chart -------------------------------------------------------

def chart_setting(kit) -> str:
    """The kit's `[chart] type`, checked; "auto" when the kit says nothing."""
    table = (getattr(kit, "raw", None) or {}).get("chart", {})

    def error(key: str, message: str) -> DataError:
        line = None
        try:
            from newsgen.kit import _line_of
            line = _line_of((kit.folder / "kit.toml").read_text(encoding="utf-8-sig"), key)
        except (OSError, AttributeError, TypeError):
            pass
        return DataError(kit.file, line, key, message)

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
    m = re.fullmatch(r"(\d{4})-\d{2}-\d{2}", str(period))
    return m.group(1) if m else str(period)


def _period_axis(periods: list[str]) -> str:
    """'Year ending March' when every period is a date on the same day of the
    year (rolling annual totals); 'Period ending' for other dates (quarterly
    points of rolling totals); 'Period' otherwise."""
    import calendar

    ends = {p[5:] for p in periods if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p)}
    if len(ends) == 1 and len(periods) == sum(1 for p in periods if re.fullmatch(r"\d{4}-\d{2}-\d{2}", p)):
        return f"Year ending {calendar.month_name[int(next(iter(ends))[:2])]}"
    if ends and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", p) for p in periods):
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
        data = {"periods": [p["period"] for p in series], "values": [p["value"] for p in series],
                "latest": series[-1]}
        first, last = series[0]["period"], series[-1]["period"]
        title = f"{plural} in {article.area}"
        subtitle = f"{_year_of(first)} to {_year_of(last)}; latest figure marked"
        alt = (f"Line chart: {measure['plural']} recorded in {article.area} from {first} to "
               f"{last}, {len(series)} points, from {_count(series[0]['value'])} to "
               f"{_count(series[-1]['value'])}; the latest, {last}, is marked")
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


# -- drawing --------------------------------------------------------------------
#
# matplotlib's Axes (locators, tick objects, tight bounding boxes) cost most of
# the time of a chart this small, so there are none: each panel maps its own
# figures to figure coordinates, and bars, lines and labels are plain artists
# placed there. That takes about half the time, and the layout is fixed, so
# every chart of a kind looks the same.

_RC = {
    "svg.hashsalt": "newsgen",   # clip-path ids from a fixed salt, not a random one
    "svg.fonttype": "none",      # text stays text: readable, searchable, small
    "font.family": "sans-serif",   # the SVG says 'DejaVu Sans', sans-serif: a fallback
    "font.sans-serif": [FONT],     # where the viewer lacks it; Agg always draws DejaVu
    "font.size": 12,
    "path.simplify": True,
    "text.hinting": "no_hinting",  # hinting costs ~25% of drawing; no visible gain at 100 dpi
}


def _matplotlib():
    import matplotlib

    matplotlib.use("Agg", force=True)
    matplotlib.rcParams.update(_RC)
    from matplotlib.figure import Figure
    return Figure


# Where the time of a chart went (matplotlib 3.11, cProfile, ~54 ms of CPU):
# ~37 ms the PNG, mostly FreeType laying out and drawing every glyph of every
# label one at a time in Python, then compressing RGBA; ~13 ms the SVG, mostly
# measuring the same text again. The charts share most of their labels (axis
# titles, tick values, years, the source line), so each label is measured and
# rasterised once per process: text sizes and font heights are remembered per
# string and font, and the PNG stamps each label from a coverage bitmap that
# matplotlib's own Agg text code drew once (from a whole-pixel origin, so a
# label may sit up to half a pixel from where a fresh drawing would put it).
# Layout, shapes and the SVG are matplotlib's, unchanged: the SVG bytes are
# the same as without the caches.

_CANVAS = None


def _canvas():
    """A canvas class that draws PNGs with cached text and SVGs with cached
    text sizes; made once per process (matplotlib is imported only here)."""
    global _CANVAS
    if _CANVAS is not None:
        return _CANVAS
    _matplotlib()
    import codecs

    import numpy as np
    from matplotlib import font_manager
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import RendererSVG

    def prop_key(prop):
        return (tuple(prop.get_family()), prop.get_style(), prop.get_variant(),
                prop.get_weight(), prop.get_stretch(), prop.get_size_in_points(),
                prop.get_file(), prop.get_math_fontfamily())

    class CachedSizes:
        """get_text_width_height_descent, remembered for the life of the process."""
        _sizes: dict = {}

        def get_text_width_height_descent(self, s, prop, ismath):
            key = (type(self), s, prop_key(prop), ismath, getattr(self, "dpi", 72))
            size = self._sizes.get(key)
            if size is None:
                size = self._sizes[key] = super().get_text_width_height_descent(s, prop, ismath)
            return size

        _heights: dict = {}

        def _get_font_height_metrics(self, prop):
            # Text asks for the font's ascent, descent and line gap on every
            # draw (matplotlib's own hook for backends; without it Text reads
            # the same font tables itself, so a matplotlib without the hook
            # draws the same, just slower).
            dpi = getattr(self, "dpi", 72)
            key = (type(self), prop_key(prop), dpi)
            if key not in self._heights:
                font = font_manager.get_font(font_manager.findfont(prop))
                table, gap, up, down = font.get_sfnt_table("OS/2"), "sTypoLineGap", "sTypoAscender", "sTypoDescender"
                if table is None:
                    table, gap, up, down = font.get_sfnt_table("hhea"), "lineGap", "ascent", "descent"
                if table is None:
                    self._heights[key] = (None, None, None)
                else:
                    scale = prop.get_size_in_points() * dpi / 72 / font.get_sfnt_table("head")["unitsPerEm"]
                    self._heights[key] = (table[up] * scale, -table[down] * scale, table[gap] * scale)
            return self._heights[key]

    masks: dict = {}

    def text_mask(renderer, gc, s, prop):
        """(coverage bitmap, left, top) of `s` drawn by matplotlib's own Agg
        text code from a whole-pixel baseline origin; left and top are from
        that origin, y growing downwards. Made once per string and font."""
        key = (s, prop_key(prop), renderer.dpi)
        hit = masks.get(key)
        if hit is None:
            w, h, d = renderer.get_text_width_height_descent(s, prop, False)
            pad = math.ceil(prop.get_size_in_points() * renderer.dpi / 72) + 2
            width, height = math.ceil(w) + 2 * pad, math.ceil(h) + 2 * pad
            scratch = RendererAgg(width, height, renderer.dpi)
            ink = scratch.new_gc()
            ink.set_foreground("black")
            ink.set_antialiased(True)
            origin_y = pad + math.ceil(h - d)
            RendererAgg.draw_text(scratch, ink, pad, origin_y, s, prop, 0)
            ink.restore()
            alpha = np.asarray(scratch.buffer_rgba())[:, :, 3]
            rows, cols = np.nonzero(alpha.any(axis=1))[0], np.nonzero(alpha.any(axis=0))[0]
            if not len(rows):
                hit = masks[key] = (None, 0, 0)
            else:
                top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
                hit = masks[key] = (np.ascontiguousarray(alpha[top:bottom, left:right]),
                                    int(left) - pad, int(top) - origin_y)
        return hit

    class Agg(CachedSizes, RendererAgg):
        def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
            if ismath or angle not in (0, 90) or not gc.get_antialiased():
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            bitmap, left, top = text_mask(self, gc, s, prop)
            if bitmap is None:
                return
            if angle == 90:   # counter-clockwise: the text reads upwards
                bitmap = np.ascontiguousarray(np.rot90(bitmap))
                left, top = top, -(left + bitmap.shape[0])
            self._renderer.draw_text_image(bitmap, round(x) + left,
                                           round(y) + top + bitmap.shape[0], 0, gc)

    class Svg(CachedSizes, RendererSVG):
        pass

    class Canvas(FigureCanvasAgg):
        def get_renderer(self):
            w, h = self.get_width_height(physical=True)
            key = w, h, self.figure.dpi
            if self._lastKey != key:
                self.renderer = Agg(w, h, self.figure.dpi)
                self._lastKey = key
            return self.renderer

        def print_svg(self, fh, *, metadata=None, **_):
            # as matplotlib's FigureCanvasSVG.print_svg, with the renderer above
            fh = codecs.getwriter("utf-8")(fh)
            dpi = self.figure.dpi
            self.figure.dpi = 72
            try:
                width, height = self.figure.get_size_inches()
                renderer = MixedModeRenderer(
                    self.figure, width, height, dpi,
                    Svg(width * 72, height * 72, fh, image_dpi=dpi, metadata=metadata))
                self.figure.draw(renderer)
                renderer.finalize()
            finally:
                self.figure.dpi = dpi

    _CANVAS = Canvas
    return Canvas


def nice_ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round tick values covering low..high, at most `most` + 1 of them."""
    span = (high - low) or abs(high) or 1.0
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks, t = [], first
    while t <= high + step * 1e-9:
        ticks.append(round(t, 10))
        t += step
    return ticks


class Panel:
    """A rectangle of the figure (fractions) showing x0..x1 by y0..y1 of data."""

    def __init__(self, fig, rect, xlim, ylim):
        self.fig = fig
        self.left, self.bottom, self.width, self.height = rect
        self.xlim, self.ylim = xlim, ylim

    def x(self, value: float) -> float:
        x0, x1 = self.xlim
        return self.left + (value - x0) / ((x1 - x0) or 1) * self.width

    def y(self, value: float) -> float:
        y0, y1 = self.ylim
        return self.bottom + (value - y0) / ((y1 - y0) or 1) * self.height

    def _pt(self, dx: float, dy: float) -> tuple[float, float]:
        return dx / 72 / WIDTH_IN, dy / 72 / HEIGHT_IN

    def bar(self, x0, y0, x1, y1, colour, gid):
        from matplotlib.patches import Rectangle
        fx0, fx1, fy0, fy1 = self.x(x0), self.x(x1), self.y(y0), self.y(y1)
        self.fig.add_artist(Rectangle((min(fx0, fx1), min(fy0, fy1)), abs(fx1 - fx0),
                                      abs(fy1 - fy0), transform=self.fig.transFigure,
                                      facecolor=colour, edgecolor="none", linewidth=0, gid=gid))

    def line(self, xs, ys, gid=None, **style):
        from matplotlib.lines import Line2D
        self.fig.add_artist(Line2D([self.x(v) for v in xs], [self.y(v) for v in ys],
                                   transform=self.fig.transFigure, gid=gid, **style))

    def hline(self, y, **style):
        self.line(self.xlim, (y, y), **style)

    def vline(self, x, **style):
        self.line((x, x), self.ylim, **style)

    def text(self, x, y, text, dx=0.0, dy=0.0, **style):
        """Text at data (x, y), moved by (dx, dy) points; x or y None: the panel's edge."""
        ox, oy = self._pt(dx, dy)
        fx = self.left if x is None else self.x(x)
        fy = self.bottom if y is None else self.y(y)
        style.setdefault("color", INK)
        self.fig.text(fx + ox, fy + oy, text, **style)

    def title(self, text: str) -> None:
        room = (self.width + 0.08) * WIDTH_IN * 72
        size = max(10, min(13, room / (max(len(text), 1) * 0.62)))
        self.fig.text(self.left, self.bottom + self.height + 0.025, text, fontsize=size,
                      fontweight="bold", color=INK, va="bottom", ha="left")

    def x_labels(self, positions, labels, fontsize=12, prefix="x") -> None:
        for i, (x, label) in enumerate(zip(positions, labels)):
            self.text(x, None, label, dy=-5, ha="center", va="top", fontsize=fontsize,
                      linespacing=1.1, gid=f"{prefix}-{i}")

    def y_ticks(self, ticks, fmt) -> None:
        for i, t in enumerate(ticks):
            self.hline(t, color=GRID, linewidth=0.8, zorder=0.5)
            self.text(None, t, fmt(t), dx=-6, ha="right", va="center", fontsize=11,
                      color=MUTED, gid=f"y-{i}")

    def axis_title(self, text: str, which: str) -> None:
        if which == "y":
            self.fig.text(0.025, self.bottom + self.height / 2, text, rotation=90, ha="left",
                          va="center", fontsize=12, color=INK)
        else:
            self.fig.text(self.left + self.width / 2, 0.1, text, ha="center", va="center",
                          fontsize=12, color=INK)


def fitted_size(text: str, size: float, bold: bool, smallest: float) -> float:
    """A font size at which `text` fits the figure's width, from DejaVu Sans's
    average glyph width (0.62 em bold, 0.56 em regular); never below `smallest`."""
    room = WIDTH_IN * 72 * 0.95
    return max(smallest, min(size, room / (max(len(text), 1) * (0.62 if bold else 0.56))))


def _frame(fig, spec: dict) -> None:
    """Title, subtitle and source line, at fixed places on the figure; a long
    title or subtitle is set smaller rather than cut off."""
    fig.text(0.02, 0.965, spec["title"], fontsize=fitted_size(spec["title"], 15, True, 11),
             fontweight="bold", color=INK, va="top", ha="left", gid="title")
    fig.text(0.02, 0.885, spec["subtitle"], fontsize=fitted_size(spec["subtitle"], 11, False, 9),
             color=MUTED, va="top", ha="left", gid="subtitle")
    fig.text(0.02, 0.025, spec["source"], fontsize=10, color=MUTED, va="bottom", ha="left",
             gid="source")


def _draw_year_vs_last(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    changes = []
    if d["change_pct"] is not None:
        changes.append((spec["area"], d["change_pct"], HIGHLIGHT))
    if d["national_change_pct"] is not None:
        changes.append((d["national_name"] or "National", d["national_change_pct"], NATIONAL_COLOUR))
    n = len(d["values"])
    top = max(d["values"]) * 1.18 or 1
    ax = Panel(fig, (0.09, 0.22, 0.4 if changes else 0.86, 0.5),
               (-0.6, n - 0.4) if n > 1 else (-1, 1), (0, top))
    for i, value in enumerate(d["values"]):
        ax.bar(i - 0.31, 0, i + 0.31, value, HIGHLIGHT if i == n - 1 else OTHER, f"bar-{i}")
        ax.text(i, value, _count(value), dy=3, ha="center", va="bottom", fontsize=12,
                fontweight="bold", gid=f"value-{i}")
    ax.hline(0, color=MUTED, linewidth=1)
    ax.x_labels(range(n), d["periods"])
    ax.title(spec["area"])
    ax.axis_title(lab["y"], "y")
    ax.axis_title(lab["x"], "x")
    if not changes:
        return
    values = [c[1] for c in changes]
    low, high = min(0, *values), max(0, *values)
    span = (high - low) or 1
    low, high = low - (span * 0.22 if low < 0 else 0), high + (span * 0.22 if high > 0 else 0)
    m = len(values)
    cx = Panel(fig, (0.6, 0.22, 0.37, 0.5), (-0.6, m - 0.4) if m > 1 else (-1, 1), (low, high))
    for i, (name, value, colour) in enumerate(changes):
        cx.bar(i - 0.31, 0, i + 0.31, value, colour, f"change-bar-{i}")
        cx.text(i, value, _signed_pct(value), dy=3 if value >= 0 else -3, ha="center",
                va="bottom" if value >= 0 else "top", fontsize=12, fontweight="bold",
                gid=f"change-{i}")
    cx.hline(0, color=MUTED, linewidth=1)
    cx.x_labels(range(m), [_wrap(c[0]) for c in changes], fontsize=11, prefix="change-name")
    cx.title(lab["change_y"])


def _wrap(name: str, width: int = 12) -> str:
    """Break a long area name over two lines at a space."""
    if len(name) <= width or " " not in name:
        return name
    cut = name.rfind(" ", 0, width + 1)
    cut = cut if cut > 0 else name.find(" ")
    return name[:cut] + "\n" + name[cut + 1:]


def _positions(periods: list[str]) -> list[float]:
    """Where each period sits on the x axis: by date when every period is an
    ISO date (so yearly points followed by quarterly ones are spaced as the
    time between them), else one step each."""
    import datetime

    try:
        return [float(datetime.date.fromisoformat(p).toordinal()) for p in periods]
    except ValueError:
        return [float(i) for i in range(len(periods))]


def _draw_series(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    values = d["values"]
    xs = _positions(d["periods"])
    pad = (xs[-1] - xs[0]) / max(1, len(xs) - 1) / 2 or 0.5
    top = max(values) * 1.25 or 1
    ax = Panel(fig, (0.21, 0.22, 0.74, 0.54), (xs[0] - pad, xs[-1] + pad), (0, top))
    ax.y_ticks([t for t in nice_ticks(0, top, 6) if t <= top], lambda y: f"{int(y):,}")
    ax.line(xs, values, gid="series-line", color=HIGHLIGHT, linewidth=2.2,
            solid_capstyle="round", solid_joinstyle="round", zorder=2)
    ax.line(xs[-1:], values[-1:], gid="latest-point", marker="o", color=HIGHLIGHT,
            markersize=8, markeredgecolor="white", markeredgewidth=1.5, zorder=3)
    ax.text(xs[-1], values[-1], f"{_count(values[-1])}\n{_year_of(d['periods'][-1])}",
            dx=-8, dy=10, ha="right", va="bottom", fontsize=12, fontweight="bold", gid="latest")
    ax.hline(0, color=MUTED, linewidth=1)
    # about six labels, evenly spaced in time: the first point of every
    # `step`-th label, and the latest point (instead of a label too near it)
    labels = [_year_of(p) for p in d["periods"]]
    firsts = [i for i in range(len(labels)) if i == 0 or labels[i] != labels[i - 1]]
    step = max(1, math.ceil(len(firsts) / 6))
    marks = firsts[::step]
    gap = (xs[-1] - xs[0]) / max(1, len(firsts) - 1) * step
    if xs[-1] - xs[marks[-1]] >= gap * 0.6:
        marks.append(len(xs) - 1)
    elif marks[-1] != len(xs) - 1:
        marks[-1] = len(xs) - 1
    ax.x_labels([xs[i] for i in marks], [labels[i] for i in marks], fontsize=11)
    ax.axis_title(lab["y"], "y")
    ax.axis_title(lab["x"], "x")


def _draw_rate_vs_region(fig, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    rates = d["rates"]
    n = len(rates)
    top = max(r["rate"] for r in rates) * 1.22 or 1
    pad = max(0.0, (3 - n) / 2)   # one or two bars keep the width of three
    ax = Panel(fig, (0.33, 0.21, 0.58, 0.54), (0, top), (-0.6 - pad, n - 0.4 + pad))
    size = 11 if n <= 6 else 10 if n <= 9 else 8
    longest = max(len(r["area"]) for r in rates)
    size = max(8, min(size, 0.3 * WIDTH_IN * 72 / (longest * 0.6)))
    for i, r in enumerate(rates):
        y = n - 1 - i   # highest at the top
        ours = r["area"] == spec["area"]
        weight = "bold" if ours else "normal"
        ax.bar(0, y - 0.33, r["rate"], y + 0.33, HIGHLIGHT if ours else OTHER, f"bar-{i}")
        ax.text(r["rate"], y, f"{r['rate']:,.1f}", dx=4, va="center", ha="left", fontsize=size,
                fontweight=weight, gid=f"rate-{i}",
                bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
        ax.text(None, y, r["area"], dx=-5, ha="right", va="center", fontsize=size,
                fontweight=weight, color=INK if ours else MUTED, gid=f"area-{i}")
    ax.vline(0, color=MUTED, linewidth=1)
    ax.text(top / 2, None, lab["x"], dy=-8, ha="center", va="top", fontsize=12)
    if d["region_rate"] is not None and n > 1:
        rr = d["region_rate"]
        ax.vline(rr, color=INK, linestyle=(0, (3, 2)), linewidth=1.2, zorder=3)
        high = rr > top * 0.6
        ax.text(rr, n - 0.4 + pad, f"{'Both' if n == 2 else f'All {n}'} forces: {rr:,.1f}",
                dx=-3 if high else 3, dy=2, ha="right" if high else "left", va="bottom",
                fontsize=10, gid="region")


_DRAW = {"this-year-vs-last": _draw_year_vs_last, "series": _draw_series,
         "rate-vs-region": _draw_rate_vs_region}


def render(spec: dict) -> tuple[bytes, bytes]:
    """The spec drawn as (SVG bytes, PNG bytes); the same spec gives the same bytes."""
    import io

    Figure = _matplotlib()
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=PNG_DPI, facecolor="white")
    _canvas()(fig)
    _frame(fig, spec)
    _DRAW[spec["type"]](fig, spec)
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None,
                                              "Title": spec["title"],
                                              "Description": spec["alt"]})
    fig.canvas.draw()
    return svg.getvalue(), _png(fig.canvas.buffer_rgba(), PNG_DPI)


def _png(rgba, dpi: int) -> bytes:
    """An RGB PNG of an RGBA buffer (the chart has no transparency), rows
    unfiltered, zlib level 3: for flat-coloured charts this is smaller than
    Pillow's PNG and takes under half the time (Pillow tries five filters on
    every row)."""
    import struct
    import zlib

    import numpy as np

    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.zeros((height, width * 3 + 1), dtype=np.uint8)   # byte 0: filter "none"
    rows[:, 1:] = pixels[:, :, :3].reshape(height, width * 3)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    per_metre = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 3))
            + chunk(b"IEND", b""))


def _warm_up(parent: int) -> None:
    """In a new worker: import matplotlib and load the fonts, by drawing a
    chart of each type, so that cost overlaps the building of the articles."""
    from newsgen.parallel import die_with_parent
    die_with_parent(parent)
    for spec in _WARM_UP:
        render(spec)


_WARM_UP = [
    {"type": "this-year-vs-last", "area": "A", "source": "Source: S", "title": "T",
     "subtitle": "S", "alt": "A.", "labels": {"y": "Y", "x": "X", "change_y": "Change"},
     "data": {"periods": ["2016-17", "2017-18"], "values": [1, 2], "change_pct": 100.0,
              "national_name": "N", "national_change_pct": 1.0}},
    {"type": "series", "area": "A", "source": "Source: S", "title": "T", "subtitle": "S",
     "alt": "A.", "labels": {"y": "Y", "x": "X"},
     "data": {"periods": ["2003-03-31", "2004-03-31"], "values": [1, 2],
              "latest": {"period": "2004-03-31", "value": 2}}},
    {"type": "rate-vs-region", "area": "A", "source": "Source: S", "title": "T",
     "subtitle": "S", "alt": "A.", "labels": {"y": "", "x": "X"},
     "data": {"per": 100_000, "region": "R", "rates": [{"area": "A", "rate": 1.0}],
              "rate": 1.0, "region_rate": 1.0, "period": "P"}},
]


def _workers(count: int):
    """A pool of `count` processes, forked where the platform can (cheap, and
    they start with newsgen already imported), each warmed up on start."""
    import multiprocessing

    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return ProcessPoolExecutor(max_workers=count, initializer=_warm_up, initargs=(os.getpid(),),
                               mp_context=multiprocessing.get_context(method))


def start_workers(kits, options) -> None:
    """Called as a build starts: when it will probably draw many charts (many
    articles, and no charts from an earlier build to copy), start the drawing
    processes now, so their start-up (about 0.8 s of CPU each,
    mostly importing matplotlib) overlaps the building of the articles.
    build() closes them when it ends; if it is killed, they end with it."""
    if not getattr(options, "charts", True) or "chart_pool" in options.extra:
        return
    if getattr(options, "jobs", 1) > 1:
        return   # each --jobs worker draws its own batches' charts
    from pathlib import Path

    if any(next((Path(options.output) / kit.name).glob("*.png"), None) for kit in kits):
        return   # a rebuild: most charts will be copied; draw_charts starts workers if not
    expected = len(kits) * (len(options.force_names) or 43)
    count = min(2, os.cpu_count() or 1)
    if count > 1 and expected >= PARALLEL_FROM and options.extra.get("chart_workers") is None:
        pool = options.extra["chart_pool"] = _workers(count)
        for _ in range(count):   # the pool starts a process per waiting task
            pool.submit(int)


def render_all(specs: list[dict], workers=None) -> list[tuple[bytes, bytes]]:
    """Every spec drawn, in order; in worker processes when there are many.
    `workers` is a number of processes, or a pool already started."""
    if isinstance(workers, ProcessPoolExecutor):   # warm already: worth it for any number
        if not specs:
            return []
        pool, workers, own = workers, workers._max_workers, False
    else:
        if workers is None:
            workers = min(2, os.cpu_count() or 1) if len(specs) >= PARALLEL_FROM else 1
        if workers <= 1 or len(specs) < 2:
            return [render(s) for s in specs]
        pool, own = _workers(workers), True
    # small chunks, so neither process waits long for the other at the end
    chunk = max(1, min(8, math.ceil(len(specs) / (workers * 4))))
    try:
        return list(pool.map(render, specs, chunksize=chunk))
    finally:
        if own:
            pool.shutdown()


# -- the build stage ------------------------------------------------------------

def renderer_version() -> str:
    """What besides the spec decides the bytes: this module and matplotlib."""
    import hashlib
    from importlib.metadata import version
    from pathlib import Path

    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"{code}/matplotlib-{version('matplotlib')}"


def spec_digest(spec: dict, renderer: str) -> str:
    import hashlib
    import json

    payload = json.dumps([renderer, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _sha(data: bytes) -> str:
    import hashlib
    return hashlib.sha256(data).hexdigest()


def previous_drawing(output, article, digest: str) -> tuple[bytes, bytes] | None:
    """The last build's files for this chart, if drawn from the same spec by the
    same code and unchanged since: drawing is deterministic, so they are the
    bytes a new drawing would give."""
    import json
    from pathlib import Path

    folder = Path(output) / article.kit
    try:
        old = json.loads((folder / f"{article.slug}.json").read_text(encoding="utf-8"))
        chart = next(c for c in old.get("charts", []) if c.get("digest") == digest)
        svg = (folder / chart["svg_name"]).read_bytes()
        png = (folder / chart["png_name"]).read_bytes()
    except (OSError, ValueError, StopIteration, KeyError, TypeError, AttributeError):
        return None
    if _sha(svg) != chart.get("svg_sha256") or _sha(png) != chart.get("png_sha256"):
        return None
    return svg, png


def draw_charts(ctx) -> None:
    """Stage: OUTPUT/<kit>/<slug>.svg and .png for each article, recorded in
    ``article.extras["charts"]`` for the HTML, JSON, feeds and review.

    A chart whose spec is unchanged since the last build into the same folder
    is copied from it rather than drawn again."""
    if not getattr(ctx.options, "charts", True):
        return
    settings: dict[str, str] = {}
    renderer = renderer_version()
    jobs = []
    for article in ctx.articles:
        kit = ctx.writers[article.kit].kit
        if kit.name not in settings:
            settings[kit.name] = chart_setting(kit)
        kind = choose_type(settings[kit.name], article.facts.values)
        if kind is not None:
            spec = chart_spec(article, kit, kind)
            digest = spec_digest(spec, renderer)
            jobs.append((article, spec, digest, previous_drawing(ctx.options.output, article, digest)))
    todo = [spec for _, spec, _, old in jobs if old is None]
    # Drawn in the processes start_workers started, or started here for this
    # and later batches; build() closes them at the end.
    extra = ctx.options.extra
    pool, workers = extra.get("chart_pool"), extra.get("chart_workers")
    count = min(2, os.cpu_count() or 1)
    if pool is None and workers is None and count > 1 and len(todo) >= PARALLEL_FROM:
        pool = extra["chart_pool"] = _workers(count)
    drawn = iter(render_all(todo, pool or workers))
    for article, spec, digest, old in jobs:
        svg, png = old if old is not None else next(drawn)
        fields = {"kit": article.kit, "slug": article.slug}
        svg_path, png_path = CHART_PATH.format(ext="svg", **fields), CHART_PATH.format(ext="png", **fields)
        ctx.staging.write(svg_path, svg)
        ctx.staging.write(png_path, png)
        article.extras.setdefault("charts", []).append({
            "type": spec["type"], "svg": svg_path, "png": png_path,
            "svg_name": f"{article.slug}.svg", "png_name": f"{article.slug}.png",
            "width": int(WIDTH_IN * PNG_DPI), "height": int(HEIGHT_IN * PNG_DPI),
            "title": spec["title"], "alt": spec["alt"], "data": spec["data"],
            "digest": digest, "svg_sha256": _sha(svg), "png_sha256": _sha(png),
        })
