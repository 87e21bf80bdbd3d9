"""The parts of kit.toml that say what is true of the figures beyond the
numbers: series breaks (where a category is not comparable across a date)
and notes to editors for some areas or for the kit's own data file only;
and what makes copy of them: how angles are scored ([news_value], a kit's
own [[angles]]) and the attributed context and help lines a kit adds
([[context]], [support]).
Read by newsgen.kit with its field reader, which names the field in every
error; used by newsgen.facts.breaks and the article writer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

# What a kit may ask for in `facts`: the whole series, the region, and the
# lead scan's figures (newsgen.leads.facts).
FACT_SETS = ("series", "region", "leads")

from newsgen.facts.newsvalue import BUILT_IN, DEFAULT as DEFAULT_NEWS_VALUE, Settings as NewsValue


@dataclass(frozen=True)
class Angle:
    """A kit's own angle: a rule over the facts, scored beside the built-in
    angles of newsgen.facts.newsvalue."""

    name: str
    when: str
    figures: tuple[str, ...] = ()   # more facts to record with the angle
    score: float = 50.0             # its news value when the rule holds
    claim: tuple[str, ...] = ()     # facts its intro states


@dataclass(frozen=True)
class Attributed:
    """A line of context or help a kit adds to its articles, in its source's
    own words, with who published it and where (kit.toml ``[[context]]``,
    ``[support]``)."""

    text: str
    source: str
    url: str = ""


@dataclass(frozen=True)
class AreaNote:
    """A note to editors for some areas only (kit.toml: a notes entry
    ``{ text = "...", areas = ["cheshire"] }``): it names what is true of
    those areas' figures, so other areas' articles do not carry it."""

    text: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class SeriesBreak:
    """Where the publisher says a series stops being comparable: from `date`
    figures were counted or defined differently (kit.toml ``[[breaks]]``, or
    ``[[stories.breaks]]`` for one story of a kit)."""

    date: date
    change: str              # what changed, in plain words: "in April 2018, <change>"
    source: str              # who says so, and where
    url: str = ""            # the page that says so (http or https)
    label: str = "Counting changed"   # the mark on a series chart
    brief: str = ""          # `change` in a few words, for the body beside a change (the notes keep `change`)
    areas: tuple[str, ...] = ()      # only these areas (slugs); () every area
    where: str = ""          # kit.toml and the table, to cite: "kit.toml: breaks[1]"

    def applies_to(self, slug: str | None) -> bool:
        """Whether it applies to an area (None: the national series, which
        only breaks that apply to every area affect)."""
        return not self.areas if slug is None else (not self.areas or slug in self.areas)



def read_notes(fields) -> tuple[tuple[str, ...], tuple[AreaNote, ...], frozenset[str]]:
    """A ``notes`` list: each a string, or a table ``{ text = "...", areas =
    ["slug"], kit_data_only = true }``. Returns (notes for every area, notes
    for some areas, the texts true of the kit's own data file only)."""
    every, some, own = [], [], set()
    for i, entry in enumerate(fields.get("notes", list, default=[]), start=1):
        if isinstance(entry, str):
            every.append(entry)
            continue
        if not isinstance(entry, dict):
            raise fields.error("notes", "expected a list of strings or { text = ... } tables")
        nf = fields.entry(entry, f"notes[{i}].")
        text = nf.get("text", str)
        areas = nf.get("areas", list, default=[])
        if not all(isinstance(a, str) and a for a in areas):
            raise nf.error("areas", "expected a list of area slugs, like [\"cheshire\"]")
        if nf.get("kit_data_only", bool, default=False):
            own.add(text)
        nf.check_typos()
        if areas:
            some.append(AreaNote(text, tuple(areas)))
        else:
            every.append(text)
    return tuple(every), tuple(some), frozenset(own)


def read_breaks(fields, key: str) -> tuple[SeriesBreak, ...]:
    """The ``[[breaks]]`` tables under `fields` (the kit, or one story)."""
    out = []
    for i, entry in enumerate(fields.get(key, list, default=[]), start=1):
        if not isinstance(entry, dict):
            raise fields.error(key, f"expected [[{fields.prefix}{key}]] tables, got {entry!r}")
        bf = fields.entry(entry, f"{key}[{i}].")
        when = bf.get("date", date)
        if isinstance(when, datetime):
            raise bf.error("date", f"expected a date like 2018-04-01, got {when!r}")
        url = bf.get("url", str, default="")
        if url and not re.match(r"https?://", url):
            raise bf.error("url", f"expected an http or https address, got {url!r}")
        areas = bf.get("areas", list, default=[])
        if not all(isinstance(a, str) and a for a in areas):
            raise bf.error("areas", "expected a list of area slugs, like [\"avon-and-somerset\"]")
        texts = {k: bf.get(k, str) for k in ("change", "source")}
        for k, v in texts.items():
            if not v.strip():
                raise bf.error(k, "expected words, got an empty string")
        out.append(SeriesBreak(date=when, change=texts["change"].strip(),
                               source=texts["source"].strip(), url=url,
                               label=bf.get("label", str, default=SeriesBreak.label),
                               brief=bf.get("brief", str, default="").strip(),
                               areas=tuple(areas), where=f"{fields.file}: {fields.prefix}{key}[{i}]"))
        bf.check_typos()
    return tuple(sorted(out, key=lambda b: b.date))


def read_tables(fields, key: str) -> list[dict]:
    """An array of tables (``[[context]]``), checked to be one."""
    items = fields.get(key, list, default=[])
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise fields.error(key, f"expected [[{key}]] tables, got {item!r} at position {i + 1}")
    return items


def read_attributed(fields) -> Attributed:
    """A [[context]] or [support] line: its text, who published it, and where."""
    text = fields.get("text", str).strip()
    if not text:
        raise fields.error("text", "expected the line's words, in its source's own terms")
    url = fields.get("url", str, default="")
    if url and not re.match(r"https?://", url):
        raise fields.error("url", f"expected an http or https address, got {url!r}")
    line = Attributed(text=" ".join(text.split()), source=fields.get("source", str), url=url)
    fields.check_typos()
    return line


def read_news_value(fields) -> NewsValue:
    """[news_value]: the kit's tuning of newsgen.facts.newsvalue."""
    base = DEFAULT_NEWS_VALUE

    def number(key, default, kind=(int, float), least=0):
        value = fields.get(key, kind, default=default)
        if value < least:
            raise fields.error(key, f"expected {least} or more, got {value}")
        return value

    no_rate = fields.get("no_rate", list, default=list(base.no_rate))
    if not all(isinstance(s, str) for s in no_rate):
        raise fields.error("no_rate", "expected a list of area slugs, like \"city-of-london\"")
    angles = fields.get("angles", list, default=list(base.angles))
    unknown = [a for a in angles if a not in BUILT_IN]
    if unknown or not all(isinstance(a, str) for a in angles):
        raise fields.error("angles", f"unknown angle {unknown[0] if unknown else angles!r}; "
                                     f"the built-in angles are {', '.join(BUILT_IN)}")
    weights_t = fields.table("weights", required=False)
    weights = []
    for name, w in weights_t.data.items():
        if name not in BUILT_IN:
            raise weights_t.error(name, f"unknown angle; the built-in angles are {', '.join(BUILT_IN)}")
        weights.append((name, float(weights_t.get(name, (int, float)))))
    settings = NewsValue(
        min_count=number("min_count", base.min_count, int),
        material_gap=float(number("material_gap", base.material_gap)),
        share=float(number("share", base.share)),
        share_least=float(number("share_least", base.share_least)),
        record_years=number("record_years", base.record_years, int),
        since_years=number("since_years", base.since_years, int),
        rank_ends=number("rank_ends", base.rank_ends, int, least=1),
        no_rate=tuple(no_rate), angles=tuple(angles), weights=tuple(weights))
    fields.check_typos()
    return settings


def read_angles(fields) -> tuple[Angle, ...]:
    """A kit's own ``[[angles]]``: each a rule over the facts with its score."""
    angles = []
    for i, entry in enumerate(fields.get("angles", list, default=[]), start=1):
        af = fields.entry(entry, f"angles[{i}].")
        shown_figures = af.get("figures", list, default=[])
        if not all(isinstance(n, str) for n in shown_figures):
            raise af.error("figures", "expected a list of fact names")
        claim = af.get("claim", list, default=[])
        if not all(isinstance(n, str) for n in claim):
            raise af.error("claim", "expected a list of fact names")
        score = af.get("score", (int, float), default=50.0)
        angles.append(Angle(name=af.get("name", str), when=af.get("when", str),
                            figures=tuple(shown_figures), score=float(score),
                            claim=tuple(claim)))
        af.check_typos()
    return tuple(angles)


def read_lines(fields, context: tuple = (), support: Attributed | None = None) -> tuple:
    """(context lines, help line) of a kit, or of one story: a story's own
    [[context]] follow the kit's, and its own [support] replaces the kit's."""
    context = context + tuple(read_attributed(fields.entry(c, f"context[{i + 1}]."))
                              for i, c in enumerate(read_tables(fields, "context")))
    support_t = fields.table("support", required=False)
    return context, (read_attributed(support_t) if support_t.data else support)
