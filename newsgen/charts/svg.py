"""A chart's marks written as an SVG document, as plain text: the title and
alt text as <title> and <desc> (and as Dublin Core metadata), every label as
<text> in DejaVu Sans, every value escaped. Each mark with an id is a <g> of
that id, so the figures can be read back from the file.
"""

from __future__ import annotations

from html import escape

from newsgen.charts import fonts
from newsgen.charts.layout import HEIGHT, WIDTH, Dot, Line, Rect, Text

_ANCHOR = {"left": "start", "center": "middle", "right": "end"}


def _n(value: float) -> str:
    """A coordinate to a thousandth of a point, without trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _group(gid: str | None, body: str) -> str:
    return f' <g id="{escape(gid)}">\n  {body}\n </g>\n' if gid else f" {body}\n"


def _rect(m: Rect) -> str:
    d = (f"M {_n(m.x0)} {_n(m.y1)} L {_n(m.x1)} {_n(m.y1)} L {_n(m.x1)} {_n(m.y0)} "
         f"L {_n(m.x0)} {_n(m.y0)} z")
    return _group(m.gid, f'<path d="{d}" style="fill: {m.fill}"/>')


def _line(m: Line) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'} {_n(x)} {_n(y)}" for i, (x, y) in enumerate(m.points))
    style = f"fill: none; stroke: {m.colour}; stroke-width: {_n(m.width)}"
    if m.dash:
        style += f"; stroke-dasharray: {_n(m.dash[0])},{_n(m.dash[1])}"
    style += "; stroke-linecap: round; stroke-linejoin: round" if m.round else "; stroke-linecap: butt"
    return _group(m.gid, f'<path d="{d}" style="{style}"/>')


def _dot(m: Dot) -> str:
    return _group(m.gid, f'<circle cx="{_n(m.x)}" cy="{_n(m.y)}" r="{_n(m.radius)}" '
                         f'style="fill: {m.fill}; stroke: {m.edge}; stroke-width: {_n(m.edge_width)}"/>')


def _text(m: Text) -> str:
    style = (f"font-size: {_n(m.size)}px; font-family: '{fonts.FAMILY}', sans-serif; "
             + ("font-weight: 700; " if m.bold else "")
             + f"text-anchor: {_ANCHOR[m.ha]}; fill: {m.colour}")
    if m.upright:   # one line, turned to read upwards, its middle at y, its left edge at x
        style = style.replace("text-anchor: start", "text-anchor: middle")
        turn = f"translate({_n(m.x + fonts.ASCENT * m.size)} {_n(m.y)}) rotate(-90)"
        parts = [f'<text style="{style}" transform="{turn}">{escape(m.text)}</text>']
    else:
        parts = []
        if m.box:
            left, top, right, bottom = m.box_extent()
            parts.append(f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(right - left)}" '
                         f'height="{_n(bottom - top)}" style="fill: #ffffff"/>')
        parts += [f'<text x="{_n(m.x)}" y="{_n(y)}" style="{style}">{escape(line)}</text>'
                  for y, line in m.baselines]
    return _group(m.gid, "\n  ".join(parts))


_WRITE = {Rect: _rect, Line: _line, Dot: _dot, Text: _text}


def svg(spec: dict, marks: list) -> bytes:
    """The SVG document for the spec's marks."""
    title, alt = escape(spec["title"]), escape(spec["alt"])
    head = (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(WIDTH)}pt" height="{_n(HEIGHT)}pt" '
        f'viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" version="1.1" role="img" '
        'aria-labelledby="chart-title chart-desc">\n'
        f' <title id="chart-title">{title}</title>\n'
        f' <desc id="chart-desc">{alt}</desc>\n'
        ' <metadata>\n'
        '  <rdf:RDF xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:cc="http://creativecommons.org/ns#" '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '   <cc:Work>\n'
        '    <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/>\n'
        f'    <dc:title>{title}</dc:title>\n'
        f'    <dc:description>{alt}</dc:description>\n'
        '    <dc:format>image/svg+xml</dc:format>\n'
        '   </cc:Work>\n'
        '  </rdf:RDF>\n'
        ' </metadata>\n'
        f' <rect width="{_n(WIDTH)}" height="{_n(HEIGHT)}" style="fill: #ffffff"/>\n')
    body = "".join(_WRITE[type(m)](m) for m in marks)
    return (head + body + "</svg>\n").encode("utf-8")
