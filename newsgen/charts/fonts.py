"""The charts' one typeface, DejaVu Sans regular and bold, shipped in
fonts/ (with its licence) so every machine measures and draws the same glyphs:
the SVG names it (a viewer without it falls back to sans-serif) and the PNG
draws it with Pillow's FreeType. Pillow is imported only when a chart is drawn.
"""

from __future__ import annotations

import functools
from pathlib import Path

FAMILY = "DejaVu Sans"
FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FOLDER = Path(__file__).with_name("fonts")

# Where a label sits against its anchor, in ems of its size: the top of an
# "l" and the foot of a "p" (as matplotlib placed the labels before), and the
# distance between the baselines of a label's lines at line spacing 1.
ASCENT, DESCENT, LINE = 0.760, 0.236, 0.912


@functools.cache
def _font_bytes(bold: bool) -> bytes:
    return (FOLDER / FILES[bold]).read_bytes()


@functools.lru_cache(maxsize=64)
def font(bold: bool, px: float):
    """The face at `px` pixels, laid out without raqm (the same on every
    machine, whether or not libraqm is installed)."""
    import io

    from PIL import ImageFont
    return ImageFont.truetype(io.BytesIO(_font_bytes(bold)), px,
                              layout_engine=ImageFont.Layout.BASIC)


def width(text: str, size: float, bold: bool) -> float:
    """The advance width of `text` at `size` (any unit: the result is in the same)."""
    return _width(text, bold) * size / 100


@functools.lru_cache(maxsize=4096)
def _width(text: str, bold: bool) -> float:
    return font(bold, 100).getlength(text)


def mask(text: str, bold: bool, px: float):
    """(coverage 0..255 as a uint8 array, left, top) of `text` drawn from a
    whole-pixel baseline origin; left and top are from that origin."""
    import numpy as np
    from PIL import Image, ImageDraw

    face = font(bold, px)
    left, top, right, bottom = face.getbbox(text, anchor="ls")
    ink = Image.new("L", (max(right - left, 0), max(bottom - top, 0)))
    if ink.width and ink.height:
        ImageDraw.Draw(ink).text((-left, -top), text, font=face, fill=255, anchor="ls")
    return np.asarray(ink), left, top


def versions() -> str:
    """What besides newsgen's code decides the drawn glyphs."""
    import PIL
    from PIL import features
    return f"pillow-{PIL.__version__}/freetype-{features.version('freetype2')}"
