"""matplotlib set up for the charts: fixed settings and font, and a canvas that
measures and rasterises each label once per process. matplotlib is imported
only when something is drawn, so ``newsgen --help`` stays fast.
"""

from __future__ import annotations

import math

FONT = "DejaVu Sans"             # ships with matplotlib, so every machine draws the same


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
