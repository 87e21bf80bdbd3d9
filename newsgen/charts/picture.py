"""A chart spec drawn to SVG and PNG bytes: fixed sizes and colours, panels
placed by hand on a matplotlib figure (no Axes), a drawing function per chart
type, and a small PNG encoder. The same spec gives the same bytes.
"""

from __future__ import annotations

import math

from newsgen.charts.canvas import _canvas, _matplotlib
from newsgen.charts.spec import _count, _signed_pct, _year_of

# 360 x 270 pt: on a phone (about 360 CSS px wide) 1 pt is about 1 px, so
# 12 pt labels read as 12 px text.
WIDTH_IN, HEIGHT_IN = 5.0, 3.75
PNG_DPI = 120                    # 600 x 450 px; the SVG scales to any width

INK, MUTED, GRID = "#1a1a1a", "#5a5a5a", "#d9d9d9"
HIGHLIGHT, OTHER, NATIONAL_COLOUR = "#1f5fa8", "#a9b4c2", "#7a7a7a"


# -- drawing --------------------------------------------------------------------
#
# matplotlib's Axes (locators, tick objects, tight bounding boxes) cost most of
# the time of a chart this small, so there are none: each panel maps its own
# figures to figure coordinates, and bars, lines and labels are plain artists
# placed there. That takes about half the time, and the layout is fixed, so
# every chart of a kind looks the same.


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
    _draw_breaks(ax, d.get("breaks") or [], xs)
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


def _draw_breaks(ax: Panel, breaks: list[dict], xs: list[float]) -> None:
    """A dashed line at each series break, labelled at the top: the figures
    either side were counted differently. Only on a time axis (ISO dates)."""
    import datetime

    if not breaks or xs != sorted(xs) or xs[0] < 1000:   # not dates: no place to put them
        return
    for i, b in enumerate(breaks):
        x = float(datetime.date.fromisoformat(b["date"]).toordinal())
        ax.vline(x, color=MUTED, linestyle=(0, (3, 2)), linewidth=1.1, zorder=1.5, gid=f"break-{i}")
        # near the foot of the panel, away from the latest figure's label at
        # the top right, on the side with more room, so it stays inside
        right = x < (ax.xlim[0] + ax.xlim[1]) / 2
        ax.text(x, ax.ylim[0], b["label"], dx=3 if right else -3, dy=3 + 11 * (len(breaks) - 1 - i),
                ha="left" if right else "right", va="bottom", fontsize=9, color=MUTED,
                gid=f"break-label-{i}")


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
