"""An article's HTML page from the shipped templates/article.html.j2, without
Jinja: the same text, byte for byte, in a quarter of the time.

Used only when the template an area would get is the shipped file and that
file is still the one this code was written from (its SHA-256 below); a kit,
a --templates folder or a force folder with its own article.html.j2, or any
edit to the shipped one, gets Jinja as before. tests/test_write_speed.py
compares the two on every shipped kit, with charts, notes and awkward text,
and fails if the shipped template changes without this file following it.
"""

from __future__ import annotations

import hashlib
import os

from markupsafe import escape

from newsgen.paths import TEMPLATES_DIR

TEMPLATE = TEMPLATES_DIR / "article.html.j2"
# The template render() reproduces. Change both together.
TEMPLATE_SHA256 = "a2aa250b7310e9822cb8e12f440c7bcadd397b8c07387c2d46f8e8f8a0764552"

_HEAD = """<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>"""
_STYLE = """</title>
<style>
body { font: 18px/1.55 Georgia, "Times New Roman", serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: .5rem; }
.standfirst { font-size: 1.2rem; font-weight: bold; }
.meta { font: .85rem/1.4 system-ui, sans-serif; color: #555; }
aside { border-top: 1px solid #ccc; margin-top: 2rem; font: .9rem/1.5 system-ui, sans-serif; color: #333; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; height: auto; }
</style>
</head>
<body>
<article data-kit=\""""


def _escape(s) -> str:
    """markupsafe.escape(s) as text: what Jinja writes for ``{{ s }}``. A plain
    string is escaped here as markupsafe's own code does it (the Markup
    object it returns costs more than the escaping)."""
    if s.__class__ is str:
        return s.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;") \
            .replace("'", "&#39;").replace('"', "&#34;")
    return escape(s)


def _escape_all(values: list) -> list[str]:
    """[_escape(v) for v in values], in one pass over them all when they are
    plain strings (the replace calls, not the text, are the cost)."""
    if all(v.__class__ is str for v in values):
        joined = "\0".join(values)
        if joined.count("\0") == len(values) - 1:
            return _escape(joined).split("\0")
    return [_escape(v) for v in values]


def render(a, urlize) -> str:
    """The page for article `a`; `urlize(note)` gives a note to editors as
    Jinja's ``{{ note | urlize }}`` writes it."""
    (headline, kit, slug, label, region, title, period, standfirst,
     *paragraphs) = _escape_all([a.headline, a.kit, a.slug, a.area_label, a.region,
                                 a.kit_title, a.period, a.standfirst, *a.paragraphs])
    out = [_HEAD, headline, _STYLE, kit, '" data-force="', slug, '">\n<h1>', headline,
           '</h1>\n<p class="meta">', label, " · ", region, " · ", title, " · ", period,
           '</p>\n<p class="standfirst">', standfirst, "</p>\n"]
    e = _escape
    for chart in a.extras.get("charts", []):
        src = chart.get("svg_name") or (chart.get("svg") or chart.get("png") or "").split("/")[-1]
        out += ['<figure><img src="', e(src), '" alt="', e(chart.get("alt", "")), '"']
        if chart.get("width"):
            out += [' width="', e(chart["width"]), '" height="', e(chart["height"]), '"']
        out.append("></figure>\n")
    for p in paragraphs:
        out += ["<p>", p, "</p>\n"]
    if a.notes:
        out.append("<aside>\n<h2>Notes to editors</h2>\n")
        for n in a.notes:
            out += ["<p>", urlize(n), "</p>\n"]
        out.append("</aside>\n")
    out.append("</article>\n</body>\n</html>")
    return "".join(out)


_SHIPPED_OK: list[bool] = []


def shipped_template_unchanged() -> bool:
    """Whether templates/article.html.j2 is the file render() reproduces."""
    if not _SHIPPED_OK:
        try:
            digest = hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()
        except OSError:
            digest = ""
        _SHIPPED_OK.append(digest == TEMPLATE_SHA256)
    return _SHIPPED_OK[0]


def is_shipped(template) -> bool:
    """Whether a Jinja template (as the renderer chose it) is the shipped page."""
    filename = getattr(template, "filename", None)
    if not filename or template.name != "article.html.j2":
        return False
    try:
        return os.path.samefile(filename, TEMPLATE) and shipped_template_unchanged()
    except OSError:
        return False
