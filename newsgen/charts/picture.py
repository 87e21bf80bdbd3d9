"""A chart spec drawn to SVG and PNG bytes: laid out once as marks
(`layout`), then written as SVG text (`svg`) and painted as a PNG
(`raster`). The same spec gives the same bytes.
"""

from __future__ import annotations

from newsgen.charts.layout import HEIGHT, WIDTH, layout
from newsgen.charts.raster import DPI, PIXELS_HIGH, PIXELS_WIDE, png
from newsgen.charts.svg import svg

WIDTH_IN, HEIGHT_IN = WIDTH / 72, HEIGHT / 72   # 5 x 3.75 inches
PNG_DPI = DPI                                    # 600 x 450 px; the SVG scales to any width
assert (round(WIDTH_IN * PNG_DPI), round(HEIGHT_IN * PNG_DPI)) == (PIXELS_WIDE, PIXELS_HIGH)


def render(spec: dict) -> tuple[bytes, bytes]:
    """The spec drawn as (SVG bytes, PNG bytes); the same spec gives the same bytes."""
    marks = layout(spec)
    return svg(spec, marks), png(marks)
