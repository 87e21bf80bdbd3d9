"""What a scan for leads is told by its kit: the thresholds of ``[leads]`` in
kit.toml, and per category (a ``[[stories]]`` entry) its seriousness and its
own minimum count. Every value is an editorial judgement a kit can change;
the defaults are here, each with the reason for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

from newsgen.errors import DataError, NewsgenError
from newsgen.facts.newsvalue import DEFAULT as ARTICLES


@dataclass(frozen=True)
class LeadSettings:
    # The fewest offences a lead may be about: no record, rank or trend is
    # claimed for a smaller current figure (a category may set its own).
    min_count: int = 50
    # A record needs this many years of comparable figures before it (the
    # house rule articles follow too, facts.newsvalue).
    record_years: float = ARTICLES.record_years
    # A change is unusual when its robust z-score against the series' own
    # past changes on the year is at least this.
    unusual_z: float = 3.0
    # Past changes on the year needed before a change can be judged unusual.
    history: int = 8
    # Rises (or falls) on the year in a row that make a run.
    run_years: int = 4
    # The top or bottom N rates of all areas (as articles say ranks).
    rank_top: int = ARTICLES.rank_ends
    # Areas a region needs before its highest or lowest rate counts.
    region_min: int = 3
    # A share of the national total that is a lead: at least `share_min` and
    # at least `share_ratio` times the area's share of the population.
    share_min: float = 0.10
    share_ratio: float = 1.5
    # Areas with fewer residents get no rate leads: a rate per resident of
    # the City of London (under 10,000 residents) says nothing.
    min_population: int = 100_000
    # How many areas sharing the same finding halve its rarity (a record
    # that 20 forces set is the national picture, not a local story).
    common: float = 4.0
    # The news value of a finding on a figure with a caveat (the publisher
    # estimated months; most of the year's change came in one quarter) is
    # multiplied by this.
    caveat_factor: float = 0.5
    # A change is only against the trend when it is beyond this many times
    # its counting (Poisson) noise: with 946 series scanned, 2 would let
    # about 40 pass by chance alone, 3 about 3.
    noise_z: float = 3.0
    # A change on the year of which one quarter brought at least this share
    # (in rolling quarterly totals) gets a caveat: it may be one incident
    # with many victims recorded at once, or a recording change.
    one_quarter: float = 0.67


@dataclass(frozen=True)
class Category:
    """A category a scan looks at, with the kit's judgement of it."""

    name: str                 # as the data's category column names it
    story: str                # the story (kit) that writes it up
    seriousness: float = 1.0
    min_count: int | None = None   # None: LeadSettings.min_count


_TYPES = {f.name: f.type for f in fields(LeadSettings)}


def lead_settings(kit) -> LeadSettings:
    """The kit's ``[leads]`` table over the defaults; an unknown or mistyped
    key is an error naming its kit.toml line."""
    table = (getattr(kit, "raw", None) or {}).get("leads", {})
    if not isinstance(table, dict):
        raise kit.error("leads", "expected a table, like [leads] min_count = 50")
    values = {}
    for key, value in table.items():
        if key not in _TYPES:
            raise kit.error(f"leads.{key}", f"unknown setting; the [leads] table has "
                                            f"{', '.join(sorted(_TYPES))}")
        want = int if _TYPES[key] in (int, "int") else float
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (want is int and not isinstance(value, int)) or value < 0:
            raise kit.error(f"leads.{key}", f"expected {'a whole number' if want is int else 'a number'}"
                                            f" of 0 or more, got {value!r}")
        values[key] = want(value)
    return replace(LeadSettings(), **values)


def category_of(kit) -> Category:
    """A story's category with its ``seriousness`` and ``min_count`` (story
    fields of a ``[[stories]]`` entry; 1.0 and the kit's minimum without)."""
    story = kit.story or {}
    seriousness = story.get("seriousness", 1.0)
    if isinstance(seriousness, bool) or not isinstance(seriousness, (int, float)) or seriousness <= 0:
        raise _story_error(kit, "seriousness", f"expected a number above 0, got {seriousness!r}")
    minimum = story.get("min_count")
    if minimum is not None and (isinstance(minimum, bool) or not isinstance(minimum, int)
                                or minimum < 0):
        raise _story_error(kit, "min_count",
                           f"expected a whole number of 0 or more, got {minimum!r}")
    return Category(kit.category, kit.name, float(seriousness), minimum)


def _story_error(kit, key: str, message: str) -> DataError:
    """An error at the line of kit.toml that sets `key` in this story's
    [[stories]] entry (found after the line naming its category)."""
    lines, line, inside = (kit.text or "").splitlines(), None, False
    for number, text in enumerate(lines, start=1):
        if re.match(r"\s*\[\[", text):
            inside = False
        if re.match(rf"\s*category\s*=\s*\"{re.escape(kit.category)}\"", text):
            inside = True
        if inside and re.match(rf"\s*{re.escape(key)}\s*=", text):
            line = number
            break
    return DataError(kit.file, line, f"stories.{key}", f"story {kit.name!r}: {message}",
                     what="field")


def one_data_file(kits) -> None:
    """A scan reads one table: every story must read the same data."""
    files = {(k.loader, k.data_files) for k in kits}
    if len(files) > 1:
        raise NewsgenError("a scan for leads reads one data file; these stories read "
                           f"{len(files)}: {', '.join(sorted({k.name for k in kits}))}")
