"""The parts of kit.toml that say what is true of the figures beyond the
numbers: series breaks (where a category is not comparable across a date)
and notes to editors for some areas or for the kit's own data file only.
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
                               areas=tuple(areas), where=f"{fields.file}: {fields.prefix}{key}[{i}]"))
        bf.check_typos()
    return tuple(sorted(out, key=lambda b: b.date))
