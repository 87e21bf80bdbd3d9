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
    # character by character (no kerning applies, see `mask`): a new title
    # costs additions, not FreeType loading and hinting each of its glyphs
    return sum(_advance(char, bold) for char in text)


@functools.lru_cache(maxsize=1024)
def _advance(char: str, bold: bool) -> float:
    return font(bold, 100).getlength(char)


def _draw(text: str, bold: bool, px: float):
    """(coverage 0..255 as a uint8 array, left, top) of `text` drawn by
    FreeType from a whole-pixel baseline origin; left and top are from it."""
    import numpy as np
    from PIL import Image, ImageDraw

    face = font(bold, px)
    left, top, right, bottom = face.getbbox(text, anchor="ls")
    ink = Image.new("L", (max(right - left, 0), max(bottom - top, 0)))
    if ink.width and ink.height:
        ImageDraw.Draw(ink).text((-left, -top), text, font=face, fill=255, anchor="ls")
    return np.asarray(ink), left, top


@functools.lru_cache(maxsize=2048)
def _glyph(char: str, bold: bool, px: float):
    """A character drawn once per face: (coverage, left, top, advance)."""
    coverage, left, top = _draw(char, bold, px)
    return coverage, left, top, round(font(bold, px).getlength(char))


def mask(text: str, bold: bool, px: float):
    """(coverage 0..255 as a uint8 array, left, top, advance) of `text` from a
    whole-pixel baseline origin, set word by word from words set glyph by
    glyph from glyphs drawn once each: FreeType hints every glyph it draws,
    which cost more than all the rest of a chart, and a chart's new labels
    (its title, its subtitle) are mostly words earlier charts had. Advances
    are whole pixels (hinted) and DejaVu Sans has no kerning FreeType
    applies, so this is how FreeType sets the line."""
    words = text.split(" ")
    if len(words) == 1:
        return _word(text, bold, px)
    space = _glyph(" ", bold, px)[3]
    pieces, pen = [], 0
    for i, word in enumerate(words):
        coverage, left, top, advance = _word(word, bold, px)
        if coverage.size:
            pieces.append((coverage, pen + left, top))
        pen += advance + space * (i < len(words) - 1)
    return _compose(pieces, pen)


@functools.lru_cache(maxsize=4096)
def _word(word: str, bold: bool, px: float):
    pieces, pen = [], 0
    for char in word:
        coverage, left, top, advance = _glyph(char, bold, px)
        if coverage.size:
            pieces.append((coverage, pen + left, top))
        pen += advance
    return _compose(pieces, pen)


def _compose(pieces: list, advance: int):
    """Coverage bitmaps placed at (x, y) from one origin, as one bitmap:
    (coverage, left, top, advance); where two overlap (antialiased edges),
    the greater coverage."""
    import numpy as np

    if not pieces:
        return np.zeros((0, 0), dtype=np.uint8), 0, 0, advance
    if len(pieces) == 1:
        coverage, x, y = pieces[0]
        return coverage, x, y, advance
    x0 = min(x for _, x, _ in pieces)
    y0 = min(y for _, _, y in pieces)
    x1 = max(x + c.shape[1] for c, x, _ in pieces)
    y1 = max(y + c.shape[0] for c, _, y in pieces)
    out = np.zeros((y1 - y0, x1 - x0), dtype=np.uint8)
    for coverage, x, y in pieces:
        h, w = coverage.shape
        spot = out[y - y0:y - y0 + h, x - x0:x - x0 + w]
        np.maximum(spot, coverage, out=spot)
    return out, x0, y0, advance


def versions() -> str:
    """What besides newsgen's code decides the drawn glyphs."""
    # PIL alone is its version; Pillow's wheels bundle their FreeType, so the
    # version names the rasteriser too (asking FreeType's own would load all
    # of Pillow, which a build that draws nothing never needs)
    import PIL
    return f"pillow-{PIL.__version__}"
