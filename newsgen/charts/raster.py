"""A chart's marks painted as a 600 x 450 PNG, straight from the layout.

The picture has a handful of flat colours, so it is painted as palette
indices (one byte a pixel, a third of RGB's bytes to compress) with a fixed
palette: the chart's colours and, for each pair of them that meet, 14 steps
between, for the antialiased edges of labels and lines. Bars and straight
lines are slices of the array, snapped to whole pixels as matplotlib snapped
them; labels are FreeType coverage bitmaps (`fonts.mask`, made once per label
per process); the series line is drawn four times larger and shrunk. The PNG
is compressed with ISA-L (about seven times faster than zlib here, and
smaller than zlib's level 1).
"""

from __future__ import annotations

import functools
import math
import struct

from newsgen.charts import fonts
from newsgen.charts.layout import (
    COLOURS,
    GRID,
    HIGHLIGHT,
    INK,
    MUTED,
    NATIONAL_COLOUR,
    OTHER,
    WHITE,
    WIDTH,
    Dot,
    Line,
    Rect,
    Text,
)

PIXELS_WIDE, PIXELS_HIGH = 600, 450
SCALE = PIXELS_WIDE / WIDTH      # pixels a point
DPI = 120                        # 600 px for the page's 5 inches
LEVELS = 16                      # coverage steps of an antialiased edge: 0 none .. 15 full
_FINE = 4                        # the series line is drawn this many times larger

# Colours that meet at an antialiased edge (ink, ground): each gets its own
# steps in the palette; any other meeting takes the nearest colour there is.
_PAIRS = ((INK, WHITE), (MUTED, WHITE), (GRID, WHITE), (HIGHLIGHT, WHITE), (OTHER, WHITE),
          (NATIONAL_COLOUR, WHITE), (HIGHLIGHT, GRID), (MUTED, GRID), (INK, GRID), (INK, OTHER),
          (INK, HIGHLIGHT), (INK, NATIONAL_COLOUR), (MUTED, OTHER), (MUTED, HIGHLIGHT))


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _blend(ink, ground, level: int) -> tuple[int, int, int]:
    t = level / (LEVELS - 1)
    return tuple(round(i * t + g * (1 - t)) for i, g in zip(ink, ground))


@functools.cache
def palette() -> tuple[tuple[int, int, int], ...]:
    colours = [_rgb(c) for c in COLOURS]
    for ink, ground in _PAIRS:
        for level in range(1, LEVELS - 1):
            colours.append(_blend(_rgb(ink), _rgb(ground), level))
    unique = list(dict.fromkeys(colours))
    assert len(unique) <= 256
    return tuple(unique)


_INDEX = {c: i for i, c in enumerate(COLOURS)}   # base colours come first in the palette


@functools.cache
def _lut(colour: str):
    """The palette index of `colour` at coverage `level` over the palette
    colour `index` (the nearest the palette has), at [index * LEVELS + level]."""
    import numpy as np

    pal = np.array(palette(), dtype=np.int32)
    t = np.arange(LEVELS, dtype=np.float64)[None, :, None] / (LEVELS - 1)
    mixed = np.rint(np.array(_rgb(colour))[None, None, :] * t + pal[:, None, :] * (1 - t))
    mixed = mixed.astype(np.int32).reshape(-1, 3)
    distance = np.zeros((len(mixed), len(pal)), dtype=np.int32)   # whole numbers: exact ties
    for channel in range(3):
        gap = mixed[:, channel, None] - pal[None, :, channel]
        distance += gap * gap
    return distance.argmin(axis=1).astype(np.uint8)   # [index * LEVELS + level]


def _levels(coverage):
    """Coverage 0..255 as palette steps 0..15."""
    import numpy as np
    return (coverage.astype(np.uint16) * (LEVELS - 1) + 127) // 255


class Canvas:
    """The picture as palette indices (0: white), each row after the byte
    that names its PNG filter (0: none), so the rows are compressed as they are."""

    def __init__(self):
        import numpy as np
        self.np = np
        self.rows = np.zeros((PIXELS_HIGH, PIXELS_WIDE + 1), dtype=np.uint8)
        self.pixels = self.rows[:, 1:]

    def fill(self, x0: int, y0: int, x1: int, y1: int, colour: str) -> None:
        x0, y0 = max(x0, 0), max(y0, 0)
        if x1 > x0 and y1 > y0:
            self.pixels[y0:y1, x0:x1] = _INDEX[colour]

    def stamp(self, levels, x: int, y: int, colour: str, on_white=None) -> None:
        """Ink `colour` at coverage `levels` (steps 0..15, an array) with its
        top left at pixel (x, y); clipped to the picture. `on_white`, if
        given, is the same painted on white: most labels land on white, and
        then that is the answer as it stands."""
        h, w = levels.shape
        if x < 0 or y < 0 or x + w > PIXELS_WIDE or y + h > PIXELS_HIGH:   # clip
            top, left = max(y, 0), max(x, 0)
            bottom, right = min(y + h, PIXELS_HIGH), min(x + w, PIXELS_WIDE)
            if bottom <= top or right <= left:
                return
            levels = levels[top - y:bottom - y, left - x:right - x]
            if on_white is not None:
                on_white = on_white[top - y:bottom - y, left - x:right - x]
            x, y, h, w = left, top, bottom - top, right - left
        area = self.pixels[y:y + h, x:x + w]
        if on_white is not None and not area.any():   # white is index 0
            area[...] = on_white
            return
        part = levels
        index = self.np.left_shift(area, 4, dtype=self.np.uint16)
        index |= part
        area[...] = _lut(colour).take(index)

    def dab(self, flat, levels, colour: str) -> None:
        """Ink `colour` at coverage `levels` on the pixels at `flat` (indices
        into the rows, filter bytes included, as `at` makes them)."""
        np = self.np
        pixels = self.rows.reshape(-1)   # a view: the rows are one block
        index = np.left_shift(pixels.take(flat), 4, dtype=np.uint16)
        index |= levels
        pixels.put(flat, _lut(colour).take(index))

    @staticmethod
    def at(rows, cols):
        """Flat indices of pixels (rows, cols) in the rows, for `dab`."""
        return rows * (PIXELS_WIDE + 1) + cols + 1


def _span(start: float, length: float) -> tuple[int, list[float]]:
    """A line's extent across its length, snapped so its first edge falls on a
    pixel edge: (first pixel, coverage of each pixel from there)."""
    first = round(start)
    full, part = int(length), length - int(length)
    cover = [1.0] * full + ([part] if part > 0.05 else [])
    return first, cover or [length]


def _straight(canvas: Canvas, m: Line) -> bool:
    """A horizontal or vertical line, painted as slices; False for any other."""
    (xa, ya), (xb, yb) = m.points[0], m.points[-1]
    if len(m.points) != 2 or (xa != xb and ya != yb):
        return False
    across = m.width * SCALE
    vertical = xa == xb
    first, cover = _span((xa if vertical else ya) * SCALE - across / 2, across)
    a, b = sorted((ya, yb) if vertical else (xa, xb))
    start, stop = round(a * SCALE), round(b * SCALE)
    if stop > start:
        levels = _stroke(stop - start, tuple(cover), vertical, m.dash)
        if vertical:
            canvas.stamp(levels, first, start, m.colour)
        else:
            canvas.stamp(levels, start, first, m.colour)
    return True


@functools.lru_cache(maxsize=256)
def _stroke(length: int, cover: tuple, vertical: bool, dash: tuple | None):
    """Coverage steps of a straight line `length` pixels long and `cover`
    across, dashed from its start; the same lines recur from chart to chart."""
    import numpy as np
    along = np.ones(length, dtype=np.uint16)
    if dash:   # on, off, on, ... from the line's start
        on, off = dash[0] * SCALE, dash[1] * SCALE
        along[(np.arange(length) + 0.5) % (on + off) >= on] = 0
    across = np.rint(np.array(cover) * (LEVELS - 1)).astype(np.uint16)
    return along[:, None] * across[None, :] if vertical else across[:, None] * along[None, :]


def _polyline(canvas: Canvas, m: Line) -> None:
    """Any other line (the series): its coverage drawn by AGG, antialiased,
    on a grey mask of the line's own extent, then inked through it."""
    import aggdraw

    across = m.width * SCALE
    xs = [x * SCALE for x, _ in m.points]
    ys = [y * SCALE for _, y in m.points]
    x0, y0 = math.floor(min(xs) - across), math.floor(min(ys) - across)
    x1, y1 = math.ceil(max(xs) + across), math.ceil(max(ys) + across)
    np = canvas.np
    # the line's extent, within the picture (a line is inside its panel)
    x0, y0 = max(x0, 0), max(y0, 0)
    x1, y1 = min(x1, PIXELS_WIDE), min(y1, PIXELS_HIGH)
    if x1 <= x0 or y1 <= y0:
        return
    draw = aggdraw.Draw("L", (x1 - x0, y1 - y0), 0)
    draw.line([v for x, y in zip(xs, ys) for v in (x - x0, y - y0)], aggdraw.Pen(255, across))
    drawn = draw.tobytes()
    coverage = np.frombuffer(drawn + bytes(-len(drawn) % 8), dtype=np.uint8)
    # the line covers a few percent of its extent: ink only those pixels,
    # found eight at a time (a uint64 is nonzero if any of its bytes is)
    words = np.flatnonzero(coverage.view(np.uint64))
    inked = (words[:, None] * 8 + np.arange(8)).ravel()
    inked = inked[coverage[inked] != 0]
    rows, cols = np.divmod(inked, x1 - x0)
    canvas.dab(canvas.at(rows + y0, cols + x0), _levels(coverage[inked]), m.colour)


@functools.lru_cache(maxsize=16)
def _disc(radius: float):
    """(coverage steps, offset) of a disc of `radius` pixels centred on a pixel's centre."""
    import numpy as np
    reach = math.ceil(radius + 1)
    grid = np.arange(-reach, reach + 1, dtype=np.float64)
    coverage = np.clip(radius + 0.5 - np.hypot(grid[None, :], grid[:, None]), 0, 1)
    return np.rint(coverage * (LEVELS - 1)).astype(np.uint16), -reach


def _dot(canvas: Canvas, m: Dot) -> None:
    # centred on the nearest pixel, as matplotlib snaps a marker
    cx, cy = math.floor(m.x * SCALE), math.floor(m.y * SCALE)
    for radius, colour in ((m.radius + m.edge_width / 2, m.edge), (m.radius - m.edge_width / 2, m.fill)):
        levels, offset = _disc(radius * SCALE)
        canvas.stamp(levels, cx + offset, cy + offset, colour)


@functools.lru_cache(maxsize=4096)
def _label(text: str, bold: bool, px: float, colour: str, upright: bool = False):
    """(coverage steps, the label painted on white, left, top, advance) of a label,
    from a whole-pixel baseline origin (turned: the steps and painting only).
    Labels repeat from chart to chart (tick values, years, axis titles, the
    source line), so each is drawn once per process."""
    coverage, left, top, advance = fonts.mask(text, bold, px)
    levels = _levels(coverage)
    if upright:
        levels = levels[:, ::-1].T.copy()   # a quarter turn anticlockwise
    # on white (index 0) the palette index is [0 * LEVELS + level]
    return levels, _lut(colour)[levels], left, top, advance


def _px(size: float) -> float:
    """A label's size in pixels, to a quarter pixel (so a few faces serve every size)."""
    return round(size * SCALE * 4) / 4


def _text(canvas: Canvas, m: Text) -> None:
    px = _px(m.size)
    if m.box:
        left, top, right, bottom = m.box_extent()
        canvas.fill(round(left * SCALE), round(top * SCALE), round(right * SCALE),
                    round(bottom * SCALE), WHITE)
    if m.upright:   # reads upwards: the label's middle at y, the tops of its letters at x
        levels, on_white, left, top, long = _label(m.text, m.bold, px, m.colour, True)
        if levels.size:
            baseline_x = round((m.x + fonts.ASCENT * m.size) * SCALE)
            start_y = round(m.y * SCALE + long / 2)
            canvas.stamp(levels, baseline_x + top, start_y - left - levels.shape[0], m.colour,
                         on_white)
        return
    shift = {"left": 0.0, "center": 0.5, "right": 1.0}[m.ha]
    for baseline, line in m.baselines:
        levels, on_white, left, top, advance = _label(line, m.bold, px, m.colour)
        if levels.size:
            x = round(m.x * SCALE - shift * advance)
            canvas.stamp(levels, x + left, round(baseline * SCALE) + top, m.colour, on_white)


def _paint(canvas: Canvas, m) -> None:
    if isinstance(m, Rect):
        canvas.fill(round(m.x0 * SCALE), round(m.y0 * SCALE), round(m.x1 * SCALE),
                    round(m.y1 * SCALE), m.fill)
    elif isinstance(m, Line):
        if not _straight(canvas, m):
            _polyline(canvas, m)
    elif isinstance(m, Dot):
        _dot(canvas, m)
    else:
        _text(canvas, m)


def png(marks: list) -> bytes:
    """The marks painted, as PNG bytes: 8-bit palette, rows unfiltered."""
    from isal import isal_zlib

    canvas = Canvas()
    for m in marks:
        _paint(canvas, m)

    return (_head() + _chunk(b"IDAT", isal_zlib.compress(canvas.rows, 1))
            + _chunk(b"IEND", b""))


def _chunk(kind: bytes, data: bytes) -> bytes:
    import zlib
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


@functools.cache
def _head() -> bytes:
    """Signature, header, palette and resolution: the same for every chart."""
    per_metre = round(DPI / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", PIXELS_WIDE, PIXELS_HIGH, 8, 3, 0, 0, 0))
            + _chunk(b"PLTE", bytes(v for colour in palette() for v in colour))
            + _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))


def versions() -> str:
    """What besides newsgen's code decides the PNG's bytes."""
    from importlib.metadata import version  # importing aggdraw would import PIL.Image
    return f"{fonts.versions()}/aggdraw-{version('aggdraw')}/isal-{version('isal')}"
