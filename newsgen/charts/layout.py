"""Where everything in a chart goes: a spec laid out as a list of marks (bars,
lines, labels, a dot) in points on a fixed 360 x 270 pt page, y downwards,
in the order they are painted. `svg` writes the marks as SVG and `raster`
paints them as a PNG, so the two pictures agree by construction.

The layout is fixed (no automatic axes): each panel maps its own figures to
the page, so every chart of a kind looks the same.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass

from newsgen.charts.spec import _count, _signed_pct, _year_of

# 360 x 270 pt: on a phone (about 360 CSS px wide) 1 pt is about 1 px, so
# 12 pt labels read as 12 px text.
WIDTH, HEIGHT = 360.0, 270.0

WHITE, INK, MUTED, GRID = "#ffffff", "#1a1a1a", "#5a5a5a", "#d9d9d9"
HIGHLIGHT, OTHER, NATIONAL_COLOUR = "#1f5fa8", "#a9b4c2", "#7a7a7a"
COLOURS = (WHITE, INK, MUTED, GRID, HIGHLIGHT, OTHER, NATIONAL_COLOUR)


# -- marks ----------------------------------------------------------------------
# Plain dataclasses, not frozen: a frozen one is slow to make, and a chart makes dozens.

@dataclass(eq=False)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: str
    gid: str | None = None


@dataclass(eq=False)
class Line:
    points: tuple            # ((x, y), ...)
    colour: str
    width: float
    dash: tuple | None = None   # (on, off) in points
    gid: str | None = None
    round: bool = False      # round caps and joins (the series line)


@dataclass(eq=False)
class Text:
    x: float
    y: float
    text: str                # lines split at "\n"
    size: float
    colour: str = INK
    bold: bool = False
    ha: str = "left"         # left, center, right of (x, y)
    va: str = "baseline"     # top, center, bottom, baseline
    gid: str | None = None
    upright: bool = False    # turned 90 degrees, reading upwards
    box: bool = False        # on a white box (a label over a dashed line)
    spacing: float = 1.2     # line spacing

    @functools.cached_property   # asked for by the SVG and the PNG
    def baselines(self) -> list[tuple[float, str]]:
        """(baseline y, line) for each line of the label (not turned)."""
        from newsgen.charts.fonts import ASCENT, DESCENT, LINE
        lines = self.text.split("\n")
        step = self.size * LINE * self.spacing
        block = (len(lines) - 1) * step
        if self.va == "top":
            first = self.y + ASCENT * self.size
        elif self.va == "bottom":
            first = self.y - DESCENT * self.size - block
        elif self.va == "center":
            first = self.y + (ASCENT - DESCENT) * self.size / 2 - block / 2
        else:
            first = self.y
        return [(first + i * step, line) for i, line in enumerate(lines)]

    def box_extent(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) of the white box behind the label: its
        lines' box and 0.1 em round it."""
        from newsgen.charts.fonts import ASCENT, DESCENT, width
        lines = self.baselines
        pad = 0.1 * self.size
        wide = max(width(line, self.size, self.bold) for _, line in lines)
        left = self.x - {"left": 0, "center": 0.5, "right": 1}[self.ha] * wide
        return (left - pad, lines[0][0] - ASCENT * self.size - pad, left + wide + pad,
                lines[-1][0] + DESCENT * self.size + pad)


@dataclass(eq=False)
class Dot:
    x: float
    y: float
    radius: float
    fill: str
    edge: str
    edge_width: float
    gid: str | None = None


# -- panels ---------------------------------------------------------------------


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


def fx(fraction: float) -> float:
    """A fraction of the page's width, in points from the left."""
    return fraction * WIDTH


def fy(fraction: float) -> float:
    """A fraction of the page's height from the foot, in points from the top."""
    return (1 - fraction) * HEIGHT


class Panel:
    """A rectangle of the page (fractions, from the bottom left) showing
    x0..x1 by y0..y1 of data; adds marks to `marks`."""

    def __init__(self, marks: list, rect, xlim, ylim):
        self.marks = marks
        self.left, self.bottom, self.width, self.height = rect
        self.xlim, self.ylim = xlim, ylim
        # points per unit of data, and where data 0 would be (a series has many points)
        self._xs = self.width / ((xlim[1] - xlim[0]) or 1) * WIDTH
        self._x0 = fx(self.left) - xlim[0] * self._xs
        self._ys = self.height / ((ylim[1] - ylim[0]) or 1) * HEIGHT
        self._y0 = fy(self.bottom) + ylim[0] * self._ys

    def x(self, value: float) -> float:
        return self._x0 + value * self._xs

    def y(self, value: float) -> float:
        return self._y0 - value * self._ys

    def bar(self, x0, y0, x1, y1, colour, gid):
        ax0, ax1, ay0, ay1 = self.x(x0), self.x(x1), self.y(y0), self.y(y1)
        self.marks.append(Rect(min(ax0, ax1), min(ay0, ay1), max(ax0, ax1), max(ay0, ay1),
                               colour, gid))

    def line(self, xs, ys, colour, width, **style):
        self.marks.append(Line(tuple((self.x(a), self.y(b)) for a, b in zip(xs, ys)),
                               colour, width, **style))

    def hline(self, y, colour, width, **style):
        self.line(self.xlim, (y, y), colour, width, **style)

    def vline(self, x, colour, width, **style):
        self.line((x, x), self.ylim, colour, width, **style)

    def text(self, x, y, text, dx=0.0, dy=0.0, **style):
        """Text at data (x, y), moved by (dx, dy) points (dy upwards); x or y
        None: the panel's left or bottom edge."""
        px = fx(self.left) if x is None else self.x(x)
        py = fy(self.bottom) if y is None else self.y(y)
        self.marks.append(Text(px + dx, py - dy, text, **style))

    def title(self, text: str) -> None:
        room = (self.width + 0.08) * WIDTH
        size = _half_points(max(10, min(13, room / (max(len(text), 1) * 0.62))))
        self.marks.append(Text(fx(self.left), fy(self.bottom + self.height + 0.025), text, size,
                               bold=True, va="bottom"))

    def x_labels(self, positions, labels, size=12, prefix="x") -> None:
        for i, (x, label) in enumerate(zip(positions, labels)):
            self.text(x, None, label, dy=-5, size=size, ha="center", va="top", spacing=1.1,
                      gid=f"{prefix}-{i}")

    def y_ticks(self, ticks, fmt) -> None:
        for t in ticks:
            self.hline(t, GRID, 0.8)
        for i, t in enumerate(ticks):
            self.text(None, t, fmt(t), dx=-6, size=11, ha="right", va="center", colour=MUTED,
                      gid=f"y-{i}")

    def axis_title(self, text: str, which: str) -> None:
        if which == "y":
            self.marks.append(Text(fx(0.025), fy(self.bottom + self.height / 2), text, 12,
                                   ha="left", va="center", upright=True, gid="axis-title-y"))
        else:
            self.marks.append(Text(fx(self.left + self.width / 2), fy(0.1), text, 12,
                                   ha="center", va="center", gid="axis-title-x"))


def fitted_size(text: str, size: float, bold: bool, smallest: float) -> float:
    """A font size at which `text` fits the page's width, measured in DejaVu
    Sans (the PNG's hinted glyphs are up to a few percent wider: the room
    keeps 5% spare); never below `smallest`."""
    from newsgen.charts.fonts import width
    room = WIDTH * 0.95
    return _half_points(max(smallest, min(size, room / (width(text, 1, bold) or 1))))


def _half_points(size: float) -> float:
    """A fitted size, down to a half point: a few sizes serve every title
    (each size is a face whose glyphs the PNG draws once)."""
    return math.floor(size * 2) / 2


def _frame(marks: list, spec: dict) -> None:
    """Title, subtitle and source line, at fixed places on the page; a long
    title or subtitle is set smaller rather than cut off, and a subtitle too
    long even at 8 pt goes over two lines."""
    from newsgen.charts.fonts import width

    marks.append(Text(fx(0.02), fy(0.965), spec["title"],
                      fitted_size(spec["title"], 15, True, 11), bold=True, va="top", gid="title"))
    subtitle = spec["subtitle"]
    size = fitted_size(subtitle, 11, False, 8)
    if width(subtitle, size, False) > WIDTH * 0.95 and " " in subtitle:
        middle = len(subtitle) // 2   # the space nearest the middle
        cut = min((i for i, c in enumerate(subtitle) if c == " "), key=lambda i: abs(i - middle))
        subtitle = subtitle[:cut] + "\n" + subtitle[cut + 1:]
        size = min(9, *(fitted_size(line, 11, False, 8) for line in subtitle.split("\n")))
    marks.append(Text(fx(0.02), fy(0.885), subtitle, size, colour=MUTED, va="top", spacing=1.1,
                      gid="subtitle"))
    marks.append(Text(fx(0.02), fy(0.025), spec["source"], 10, colour=MUTED, va="bottom",
                      gid="source"))


# -- the three charts -------------------------------------------------------------


def _year_vs_last(marks: list, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    changes = []
    if d["change_pct"] is not None:
        changes.append((spec["area"], d["change_pct"], HIGHLIGHT))
    if d["national_change_pct"] is not None:
        changes.append((d["national_name"] or "National", d["national_change_pct"], NATIONAL_COLOUR))
    n = len(d["values"])
    top = max(d["values"]) * 1.18 or 1
    ax = Panel(marks, (0.09, 0.22, 0.4 if changes else 0.86, 0.5),
               (-0.6, n - 0.4) if n > 1 else (-1, 1), (0, top))
    for i, value in enumerate(d["values"]):
        ax.bar(i - 0.31, 0, i + 0.31, value, HIGHLIGHT if i == n - 1 else OTHER, f"bar-{i}")
    ax.hline(0, MUTED, 1)
    for i, value in enumerate(d["values"]):
        ax.text(i, value, _count(value), dy=3, size=12, bold=True, ha="center", va="bottom",
                gid=f"value-{i}")
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
    cx = Panel(marks, (0.6, 0.22, 0.37, 0.5), (-0.6, m - 0.4) if m > 1 else (-1, 1), (low, high))
    for i, (_, value, colour) in enumerate(changes):
        cx.bar(i - 0.31, 0, i + 0.31, value, colour, f"change-bar-{i}")
    cx.hline(0, MUTED, 1)
    for i, (_, value, _) in enumerate(changes):
        cx.text(i, value, _signed_pct(value), dy=3 if value >= 0 else -3, size=12, bold=True,
                ha="center", va="bottom" if value >= 0 else "top", gid=f"change-{i}")
    cx.x_labels(range(m), [_wrap(c[0]) for c in changes], size=11, prefix="change-name")
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
    try:
        return [float(datetime.date.fromisoformat(p).toordinal()) for p in periods]
    except ValueError:
        return [float(i) for i in range(len(periods))]


def _series(marks: list, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    values = d["values"]
    xs = _positions(d["periods"])
    pad = (xs[-1] - xs[0]) / max(1, len(xs) - 1) / 2 or 0.5
    top = max(values) * 1.25 or 1
    ax = Panel(marks, (0.21, 0.22, 0.74, 0.54), (xs[0] - pad, xs[-1] + pad), (0, top))
    ax.y_ticks([t for t in nice_ticks(0, top, 6) if t <= top], lambda y: f"{int(y):,}")
    ax.hline(0, MUTED, 1)
    breaks = _breaks(ax, d.get("breaks") or [], xs)
    ax.line(xs, values, HIGHLIGHT, 2.2, gid="series-line", round=True)
    x, y = ax.x(xs[-1]), ax.y(values[-1])
    marks.append(Dot(x, y, 4, HIGHLIGHT, WHITE, 1.5, gid="latest-point"))
    ax.text(xs[-1], values[-1], f"{_count(values[-1])}\n{_year_of(d['periods'][-1])}",
            dx=-8, dy=10, size=12, bold=True, ha="right", va="bottom", gid="latest")
    marks.extend(breaks)
    # about six labels, evenly spaced in time: the first point of every
    # `step`-th label, and the latest point (instead of a label too near it)
    labels = [_year_of(p) for p in d["periods"]]
    firsts = [i for i in range(len(labels)) if i == 0 or labels[i] != labels[i - 1]]
    step = max(1, math.ceil(len(firsts) / 6))
    ticks = firsts[::step]
    gap = (xs[-1] - xs[0]) / max(1, len(firsts) - 1) * step
    if xs[-1] - xs[ticks[-1]] >= gap * 0.6:
        ticks.append(len(xs) - 1)
    elif ticks[-1] != len(xs) - 1:
        ticks[-1] = len(xs) - 1
    ax.x_labels([xs[i] for i in ticks], [labels[i] for i in ticks], size=11)
    ax.axis_title(lab["y"], "y")
    ax.axis_title(lab["x"], "x")


def _breaks(ax: Panel, breaks: list[dict], xs: list[float]) -> list:
    """A dashed line at each series break (drawn now, under the series line),
    and its label (returned, to go over the line): the figures either side
    were counted differently. Only on a time axis (ISO dates)."""
    if not breaks or xs != sorted(xs) or xs[0] < 1000:   # not dates: no place to put them
        return []
    labels: list = []
    for i, b in enumerate(breaks):
        x = float(datetime.date.fromisoformat(b["date"]).toordinal())
        ax.vline(x, MUTED, 1.1, dash=(3.3, 2.2), gid=f"break-{i}")
        # near the foot of the panel, away from the latest figure's label at
        # the top right, on the side with more room, so it stays inside
        right = x < (ax.xlim[0] + ax.xlim[1]) / 2
        label = Panel(labels, (ax.left, ax.bottom, ax.width, ax.height), ax.xlim, ax.ylim)
        label.text(x, ax.ylim[0], b["label"], dx=3 if right else -3,
                   dy=3 + 11 * (len(breaks) - 1 - i), size=9, colour=MUTED,
                   ha="left" if right else "right", va="bottom", gid=f"break-label-{i}")
    return labels


def _rate_vs_region(marks: list, spec: dict) -> None:
    d, lab = spec["data"], spec["labels"]
    rates = d["rates"]
    n = len(rates)
    top = max(r["rate"] for r in rates) * 1.22 or 1
    pad = max(0.0, (3 - n) / 2)   # one or two bars keep the width of three
    ax = Panel(marks, (0.33, 0.21, 0.58, 0.54), (0, top), (-0.6 - pad, n - 0.4 + pad))
    size = 11 if n <= 6 else 10 if n <= 9 else 8
    longest = max(len(r["area"]) for r in rates)
    size = _half_points(max(8, min(size, 0.3 * WIDTH / (longest * 0.6))))
    for i, r in enumerate(rates):
        y = n - 1 - i   # highest at the top
        ax.bar(0, y - 0.33, r["rate"], y + 0.33, HIGHLIGHT if r["area"] == spec["area"] else OTHER,
               f"bar-{i}")
    ax.vline(0, MUTED, 1)
    region = d["region_rate"] is not None and n > 1
    if region:
        ax.vline(d["region_rate"], INK, 1.2, dash=(3.6, 2.4))
    for i, r in enumerate(rates):
        y = n - 1 - i
        ours = r["area"] == spec["area"]
        # the figure on a white box: the region's dashed line may pass behind it
        ax.text(r["rate"], y, f"{r['rate']:,.1f}", dx=4, size=size, bold=ours, ha="left",
                va="center", box=True, gid=f"rate-{i}")
        ax.text(None, y, r["area"], dx=-5, size=size, bold=ours, colour=INK if ours else MUTED,
                ha="right", va="center", gid=f"area-{i}")
    ax.text(top / 2, None, lab["x"], dy=-8, size=12, ha="center", va="top", gid="axis-title-x")
    if region:
        rr = d["region_rate"]
        high = rr > top * 0.6
        ax.text(rr, n - 0.4 + pad, f"{'Both' if n == 2 else f'All {n}'} forces: {rr:,.1f}",
                dx=-3 if high else 3, dy=2, size=10, ha="right" if high else "left",
                va="bottom", gid="region")


_LAYOUT = {"this-year-vs-last": _year_vs_last, "series": _series,
           "rate-vs-region": _rate_vs_region}


def layout(spec: dict) -> list:
    """The spec's marks, in the order they are painted."""
    marks: list = []
    _frame(marks, spec)
    _LAYOUT[spec["type"]](marks, spec)
    return marks
