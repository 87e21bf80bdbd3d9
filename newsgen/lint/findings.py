"""One article read as a sub-editor would: the findings of each kind in
newsgen.lint.report.KINDS."""

from __future__ import annotations

import re
from collections import Counter

from newsgen.factcheck.claims import extract
from newsgen.factcheck.match import match
from newsgen.lint.reading import WORD, Masker, values
from newsgen.lint.report import HEADLINE_MAX, Finding, Limits


# -- per-article findings ---------------------------------------------------------------

_STOPWORDS = frozenset("""
a an the of in on at to for from by with and or but as is was were be been it its that this
these those than then there their they them he she his her we our you your not no nor
which who whom whose what when where while same also more most less fewer nearly almost
about over under up down per each every other any all some had has have said says say
would could will may can between across into out after before since figures figure
rate rates year years month months day days week weeks people living area forces force
""".split())

_CALENDAR = re.compile(r"\bbetween (?:January|February|March|April|May|June|July|August|"
                       r"September|October|November|December) \d{4} and (?:January|February|"
                       r"March|April|May|June|July|August|September|October|November|December) \d{4}")
_POINT_ZERO = re.compile(r"(?<![\d.])\d[\d,]*\.0\b(?!\d)")
_PER_DAY = re.compile(r"\b(nearly|almost)\s+(\w+(?:-\w+)?)\s+(?:[a-z-]+\s+){0,5}?"
                      r"(?:a|each|per|every)\s+(day|week)\b", re.I)
_FRACTIONS = {"a tenth": 0.1, "a fifth": 0.2, "a quarter": 0.25, "a third": 1 / 3, "half": 0.5,
              "two-thirds": 2 / 3, "three-quarters": 0.75}
_FRACTION = re.compile(r"\b(?:(almost|nearly|more than|over|just over|just under)\s+)?"
                       r"(a tenth|a fifth|a quarter|a third|half|two-thirds|three-quarters)\b"
                       r"(?:\s*\((\d+(?:\.\d+)?)(?:%| per cent)\))?", re.I)
_SLIGHT = re.compile(r"\b(?:up|down|rose|fell|increased|decreased|risen|fallen)\s+slightly\s+"
                     r"(?:from|to)\s+(\d[\d,]*|\w+)|\blittle\s+chang\w*", re.I)
_RANK = re.compile(r"\bthe\s+(\w+)\s+(highest|lowest|largest|smallest)\b", re.I)
_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9}
# a sentence about a region's forces: "forces in the South West", "of the
# five", "region" (not "forces in England and Wales", nor a force named for a
# compass point, like North Yorkshire)
_REGION_WORDS = re.compile(r"\bregion\b|\bforces? (?:areas? )?(?:in|of) (?!England and Wales)|"
                           r"\bof the (?:two|three|four|five|six|seven|eight|nine)\b", re.I)


def _number_value(word: str) -> float | None:
    from newsgen.factcheck.numbers import parse_number

    parsed = parse_number(word)
    return parsed[0] if parsed else None


def _rank_value(word: str) -> int | None:
    word = word.lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word)
    return int(m.group(1)) if m else None


def _stated(text: str, vals: dict) -> set[tuple]:
    """The figures a text states, as (kind, hedge, value): years and periods left out."""
    out = set()
    for claim in extract(text):
        if claim.kind in ("year", "period", "duration"):
            continue
        match(claim, vals)
        hedge = claim.parts[0] if claim.parts else ""
        # the same figure: the same value said the same way. Where two facts
        # have that value ("43 forces" and "up from 43"), the word after the
        # number tells them apart.
        tag = ""
        if claim.kind == "count" and sum(1 for v in vals.values() if v == claim.value
                                         and not isinstance(v, bool)) > 1:
            after = re.match(r"\W*(\w+)", text[claim.start + len(claim.text):])
            tag = after.group(1).lower() if after else ""
        out.add((claim.kind, hedge, claim.value, tag))
    return out


def _years(value) -> set[str]:
    if isinstance(value, int) and not isinstance(value, bool) and 1900 < value < 2100:
        return {str(value)}
    if isinstance(value, str):
        return set(re.findall(r"(?:19|20)\d\d", value)[:1])
    return set()


def states_claim(text: str, vals: dict, names) -> bool:
    """Does `text` state one of these facts: a number matched to one of them
    (or of the same value), a year of one of them, or, for a rank at either
    end, "highest" or "lowest" in words?"""
    names = set(names)
    targets = [vals.get(n) for n in names if isinstance(vals.get(n), (int, float))
               and not isinstance(vals.get(n), bool)]
    years = set().union(*(_years(vals.get(n)) for n in names))
    for claim in extract(text):
        match(claim, vals)
        if claim.fact and claim.fact.split("[")[0] in names:
            return True
        if claim.kind in ("year", "period") and str(claim.value)[:4] in years:
            return True
        if claim.kind == "rank" and isinstance(claim.value, int):
            # "the second lowest" may match another rank first (by count): try each named one
            top = (claim.parts[2].get("dir") or "highest").lower() in ("highest", "largest",
                                                                       "biggest", "most")
            for name in names:
                rank, of = vals.get(name), vals.get(name + "ed") or vals.get(
                    name.replace("rate_rank", "rate_ranked"))
                if name.endswith("rank") and isinstance(rank, int) and isinstance(of, int) and \
                        claim.value == (rank if top else of - rank + 1):
                    return True
        elif claim.fact and isinstance(claim.value, (int, float)) and any(
                claim.value in (t, round(t, 1), round(t)) for t in targets):
            return True
    for name in names:
        rank = vals.get(name)
        if name.endswith("rank") and isinstance(rank, int):
            of = vals.get(name + "ed") or vals.get(name.replace("rate_rank", "ranked"))
            if (rank == 1 and re.search(r"\bhighest\b", text)) or \
                    (rank == of and re.search(r"\blowest\b", text)):
                return True
    return False


def article_findings(story: str, doc: dict, limits: Limits, masker: Masker) -> list[Finding]:
    slug, vals = doc.get("slug", "?"), values(doc)
    found: list[Finding] = []

    def add(kind, detail):
        found.append(Finding(story, slug, kind, detail))

    headline = doc.get("headline", "")
    if len(headline) > HEADLINE_MAX:
        add("long-headline", f"{len(headline)} characters: “{headline}”")
    blocks = [doc.get("standfirst", ""), *doc.get("paragraphs", [])]
    text = "\n".join([doc.get("headline", ""), *blocks])
    firsts = [(WORD.findall(b) or [""])[0].lower().strip("“”\"'") for b in blocks]
    for i in range(1, len(blocks)):
        if firsts[i] and firsts[i] == firsts[i - 1]:
            add("same-opener", f"paragraphs {i} and {i + 1} both open “{firsts[i]}”")
    if len(blocks) > 1:
        repeated = _stated(blocks[0], vals) & _stated(blocks[1], vals)
        for kind, hedge, value, _fact in sorted(repeated, key=str):
            add("repeated-figure", f"the intro and paragraph two both state the {kind} "
                                   f"{'' if hedge in ('', 'exactly') else hedge + ' '}{value:g}"
                if isinstance(value, (int, float)) else f"the {kind} {value}")
    words = Counter(w for w in masker.words(text)
                    if w.isalpha() and w not in _STOPWORDS and w not in ("x", "n")
                    and w not in masker.name_words)
    for noun in re.findall(r"[a-z]+", (doc.get("title") or "").lower()):
        words.pop(noun, None)     # the story's own nouns ("robberies")
    for word, n in words.most_common():
        if n <= limits.word:
            break
        add("repeated-word", f"“{word}” {n} times")
    for m in _CALENDAR.finditer(text):
        add("calendar-dates", m.group(0))
    for m in _POINT_ZERO.finditer(text):
        add("point-zero", text[m.start():m.end() + 12].split("\n")[0])
    per_day = vals.get("per_day")
    for m in _PER_DAY.finditer(text):
        n = _number_value(m.group(2))
        if n is None or not isinstance(per_day, (int, float)):
            continue
        rate = per_day * (7 if m.group(3).lower() == "week" else 1)
        if rate < 0.9 * n:
            add("hedge-far", f"“{m.group(0)}” for {rate:.2f} a {m.group(3).lower()}")
    found += _fraction_findings(story, slug, text, vals)
    found += _slight_findings(story, slug, text, vals, doc)
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "whose figures are known" in sentence:
            add("rank-rules", f"a rank against an incomplete set: “{sentence}”")
            continue
        for m in _RANK.finditer(sentence):
            k = _rank_value(m.group(1))
            if k is None:
                continue
            # within a region only its ends are news (newsvalue.region_end)
            if _REGION_WORDS.search(sentence):
                if k > 1:
                    add("rank-rules", f"“{m.group(0)}” in a region: “{sentence}”")
            elif k > 3:
                add("rank-rules", f"“{m.group(0)}” among all forces: “{sentence}”")
    angle = doc.get("angle") or {}
    minimum = angle.get("min_count")
    if angle.get("family") == "rate" and minimum and (vals.get("current") or 0) < minimum:
        add("rate-on-few", f"angle {angle.get('name')!r} on {vals.get('current')} "
                           f"(minimum {minimum})")
    claim = angle.get("claim")
    if claim:
        if not states_claim(doc.get("standfirst", ""), vals, claim):
            add("intro-claim", f"angle {angle.get('name')!r}: the intro states none of "
                               f"{', '.join(claim)}: “{doc.get('standfirst', '')}”")
    return found


def _fraction_findings(story, slug, text, vals) -> list[Finding]:
    out = []
    pcts = [abs(v) for n, v in vals.items()
            if n.endswith("pct") and isinstance(v, (int, float)) and not isinstance(v, bool)]
    for m in _FRACTION.finditer(text):
        hedge, name, shown = (m.group(1) or "").lower(), m.group(2).lower(), m.group(3)
        fraction = _FRACTIONS[name] * 100
        if shown is not None:
            value = float(shown)
        elif pcts:
            value = min(pcts, key=lambda v: abs(v - fraction))
        else:
            continue
        if hedge in ("almost", "nearly", "just under"):
            close = fraction * 0.9 <= value < fraction
        elif hedge in ("more than", "over", "just over"):
            close = fraction < value <= fraction * 1.1
        else:
            close = abs(value - fraction) <= fraction * 0.1
        fights = shown is not None and (
            (hedge in ("almost", "nearly", "just under") and value >= fraction)
            or (hedge in ("more than", "over", "just over") and value <= fraction))
        if not close or fights:
            out.append(Finding(story, slug, "fraction-far", f"“{m.group(0)}” for {value:g}%"))
    return out


def _slight_findings(story, slug, text, vals, doc) -> list[Finding]:
    """'slightly' and 'little change' only for a change under 2%, or a handful."""
    out = []
    handful = (doc.get("angle") or {}).get("handful", 3)
    pairs = [(vals.get(p + "current"), vals.get(p + "previous"))
             for p in ("", "region_", "national_")]
    for m in _SLIGHT.finditer(text):
        shown = m.group(1)
        candidates = pairs[:1]
        if shown is not None:
            n = _number_value(shown)
            candidates = [(c, p) for c, p in pairs if p is not None and p == n] or pairs[:1]
        for c, p in candidates:
            if not isinstance(c, (int, float)) or not p:
                continue
            pct = abs(c - p) / p * 100
            if pct >= 2 and abs(c - p) > handful:
                out.append(Finding(story, slug, "little-change",
                                   f"“{m.group(0)}” for {c:,} against {p:,} ({pct:.1f}%)"))
            break
    return out

