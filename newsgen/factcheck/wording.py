"""Words that make a claim without a number of their own, held to the same
judgements as the phrasing that writes them (newsgen.facts.judgements):

* "slightly" ("down slightly from 302") and "little change" / "little
  changed": only for a change `judgements.is_slight` allows, under 2% or a
  handful of offences. "slightly ... from N" is the change whose previous
  figure is N (the area's, its region's or the nation's); without a "from N",
  the area's own change.
* a record or long-run claim ("the highest ... since the figures began in
  2003", "the lowest since 2012"): never across a series break the kit
  declares. Checked for articles whose facts record breaks
  (``series_comparable``): no such claim where nothing earlier is
  comparable; "since the figures began" only where the comparable figures
  do begin with the data; no year after "since" before the break.

Text in quotation marks and the kit's own words are not checked, as for numbers.
"""

from __future__ import annotations

import re

from newsgen.facts import judgements
from newsgen.factcheck.claims import _mask, _Sentences
from newsgen.factcheck.numbers import _NUMBER_RE, parse_number

_SLIGHTLY = re.compile(r"\bslightly\b")
_LITTLE = re.compile(r"\b(?:little|barely|hardly|virtually|largely|broadly)[\s-]+(?:change|changed|unchanged)\b")
_FROM = re.compile(rf"\bfrom\s+(?P<num>{_NUMBER_RE})\b")
_RECORD = re.compile(r"\b(?:highest|lowest|record|fewest)\b")
_LONG_RUN = re.compile(r"\bsince\b|\bfigures\s+began\b|\brecords\s+began\b|\bon\s+record\b|\bever\b")
_BEGAN = re.compile(r"\b(?:figures|records)\s+began\b")
_YEAR = re.compile(r"(?<![\w.,-])((?:19|20)\d{2})(?![\w-])")
_PAIRS = (("current", "previous"), ("region_current", "region_previous"),
          ("national_current", "national_previous"))


def problems(text: str, values: dict, phrases: tuple[str, ...] = (),
             settings: judgements.Settings = judgements.DEFAULT) -> list[tuple[int, str]]:
    """(position, message) of each wording claim in `text` that the facts do
    not allow; `phrases` are the verbatim text left unchecked (see claims)."""
    # Most texts make none of these claims: look before masking and splitting.
    lower = text.lower()
    records = _may_claim_record(lower, values)
    if "slightly" not in lower and not records and _LITTLE.search(lower) is None:
        return []
    masked = _mask(text, phrases)
    sentences = _Sentences(masked)
    out = []
    for m in _SLIGHTLY.finditer(masked):
        message = _slight(sentences.at(m.start()), m, masked, values, settings, "slightly")
        if message:
            out.append((m.start(), message))
    for m in _LITTLE.finditer(masked):
        message = _slight(sentences.at(m.start()), None, masked, values, settings, m.group(0))
        if message:
            out.append((m.start(), message))
    if records:
        seen = set()
        for m in _RECORD.finditer(masked):
            sentence = sentences.at(m.start())
            if sentence in seen or not _LONG_RUN.search(sentence):
                continue
            seen.add(sentence)
            message = _record(sentence, values)
            if message:
                out.append((m.start(), message))
    return out


def _may_claim_record(lower: str, values: dict) -> bool:
    return ("series_comparable" in values or "national_series_comparable" in values) \
        and _RECORD.search(lower) is not None and _LONG_RUN.search(lower) is not None


def may_need_wording(lower: str, values: dict) -> bool:
    """False if `problems` finds nothing in any part of `lower` (texts
    joined, lower-cased): none says "slightly", "little change" or the like
    (each holds "chang"), or a record with its long run."""
    return "slightly" in lower or "chang" in lower or _may_claim_record(lower, values)


def _slight(sentence: str, m, masked: str, values: dict, settings, word: str) -> str | None:
    """Why the change a "slightly" or "little change" refers to is not slight."""
    pairs = _PAIRS[:1]
    if m is not None:    # "down slightly from 4,103": the change from that figure
        after = sentence[sentence.find("slightly") + len("slightly"):]
        found = _FROM.search(after)
        parsed = parse_number(found.group("num")) if found else None
        if parsed is not None:
            pairs = [p for p in _PAIRS if values.get(p[1]) == parsed[0]] or pairs
    for cur, prev in pairs:
        c, p = values.get(cur), values.get(prev)
        if c is None or p is None:
            continue
        if judgements.is_slight(c, p, settings) or (word != "slightly" and c == p):
            return None
        pct = judgements.pct_change(c, p)
        size = f"{abs(pct):.1f}%" if pct is not None else "from none"
        return (f"'{word}' for a change of {abs(c - p):,} ({size}, {prev} -> {cur}): only under "
                f"{judgements.SLIGHT_PCT:g}% or {settings.handful} offences or fewer")
    return f"'{word}' but the article has no change to describe"


def _record(sentence: str, values: dict) -> str | None:
    """Why a record or long-run claim reaches across a series break."""
    national = values.get("national_name") or "England and Wales"
    prefix = "national_" if national.lower() in sentence else ""
    limit = values.get(prefix + "series_break")
    if prefix + "series_comparable" not in values:
        return None
    if not values.get(prefix + "series_comparable"):
        return ("a record or long-run claim, but no earlier figure is comparable with the "
                f"current one (series break of {limit})")
    if limit is None:
        return None
    if values.get(prefix + "series_from_break") and _BEGAN.search(sentence) and \
            "comparable figures began" not in sentence:
        return f"'since the figures began' reaches back across the series break of {limit}"
    since = sentence.find("since")
    first = values.get(prefix + "series_first")
    first_year = judgements.bounds(first)[0].year if first else int(limit[:4])
    for y in _YEAR.finditer(sentence, since if since >= 0 else len(sentence)):
        if int(y.group(1)) < first_year:
            return (f"a long-run claim reaching back to {y.group(1)}, across the series "
                    f"break of {limit}")
    return None
