"""Facts that cite many cells, cited once per story instead of in every article.

A national total summed from every area cites every area's cell, and every
area's article carries it; a region's total does the same for its region. So
each article's JSON, and each draft in the review store, would repeat N cells:
output growing with the square of the number of areas. Instead, a fact citing
more than `LIMIT` cells and shared by several areas is written in full once per story, in
``OUTPUT/<story>/_shared-facts.json`` (and the review store's ``shared_facts``
table), and each article's JSON gives its value and ``how`` with, in place of
its ``sources``, ``"cited_in": "<story>/_shared-facts.json#<key>"`` and
``"cells"`` (how many cells it cites).

The key is the fact's name (``national_current``), or, when areas of one
story hold different facts of that name, the name and the region they share
(``region_current@north-east``) or else the first area's slug.
"""

from __future__ import annotations

import hashlib
import json
import re

from newsgen.paths import SHARED_FACTS_FILE

LIMIT = 50            # cells a fact may cite in an article's own JSON (43 forces fit)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def mark_shared(story: str, per_area: dict, forces: dict, limit: int | None = None) -> dict[str, dict]:
    """Find the facts of `per_area` ({slug: FactSet}) citing more than
    `limit` cells that several areas hold (an area's own facts stay in its
    article: they do not grow with the number of areas); record in each FactSet's ``shared`` where it is cited in
    full. Returns {key: {"fact": Fact, "region": region or None}} in first-seen
    order, for `write_file` and the review store."""
    limit = LIMIT if limit is None else limit
    groups: dict[tuple, list] = {}    # (name, sources, value, how) -> [Fact, [slugs]]
    for slug, fs in per_area.items():
        for name, fact in fs.facts.items():
            if len(fact.sources) <= limit:
                continue
            value = fact.value
            vkey = id(value) if isinstance(value, (list, dict)) else repr(value)
            group = groups.setdefault((name, id(fact.sources), vkey, fact.how), [fact, []])
            group[1].append(slug)
    by_name: dict[str, list] = {}
    for (name, *_rest), group in groups.items():
        if len(group[1]) < 2:   # one area's own fact: it grows with that area alone
            continue
        by_name.setdefault(name, []).append(group)
    registry: dict[str, dict] = {}
    for name, found in by_name.items():
        regions = [{forces[s].region for s in slugs} if all(s in forces for s in slugs) else set()
                   for _fact, slugs in found]
        by_region = (len(found) > 1 and all(len(r) == 1 for r in regions)
                     and len({next(iter(r)) for r in regions}) == len(found))
        for (fact, slugs), region in zip(found, regions):
            if len(found) == 1:
                key = name
            elif by_region:
                key = f"{name}@{_slug(next(iter(region)))}"
            else:
                key = f"{name}@{slugs[0]}"
            registry[key] = {"fact": fact, "region": next(iter(region)) if by_region else None}
            ref = f"{story}/{SHARED_FACTS_FILE}#{key}"
            # a list of areas enters each holder's fingerprint by one digest
            # made here, not hashed again in every article (FactSet.fingerprint)
            whole = digest(fact.value) if isinstance(fact.value, (list, dict)) else None
            for slug in slugs:
                per_area[slug].shared[name] = ref
                if whole is not None:
                    per_area[slug].digests[name] = whole
    return registry


def digest(value) -> str:
    """The first 16 hex digits of the SHA-256 of `value` as JSON, keys sorted
    (an article's fingerprint, FactSet.fingerprint)."""
    payload = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def cites_many(per_area, limit: int | None = None) -> bool:
    """Does an area's FactSet hold a fact citing more than `limit` cells? (The
    facts every area shares are in every one, so the first area tells.)"""
    limit = LIMIT if limit is None else limit
    first = next(iter(per_area), None)
    return first is not None and any(len(f.sources) > limit
                                     for f in per_area[first].facts.values())


def entry(key: str, item: dict) -> dict:
    """One shared fact as the shared file and the review store keep it."""
    fact = item["fact"]
    out = {"fact": fact.name, "value": fact.value, "how": fact.how,
           "cells": len(fact.sources), "sources": [s.as_dict() for s in fact.sources]}
    if item.get("region"):
        out["region"] = item["region"]
    return out


def document(story: str, period: str, registry: dict[str, dict]) -> dict:
    return {"story": story, "period": period,
            "about": ("Facts that many areas' articles state, citing many cells: each is "
                      "written here once with every cell it came from; an article's JSON "
                      "names it with \"cited_in\": \"%s/%s#<key>\"." % (story, SHARED_FACTS_FILE)),
            "facts": {key: entry(key, item) for key, item in registry.items()}}


def shared_files(writers: dict) -> list[tuple[str, bytes]]:
    """Each story's shared facts as (<story>/_shared-facts.json, JSON bytes)."""
    from newsgen.fastjson import dumps_bytes
    out = []
    for name, writer in writers.items():
        registry = getattr(writer, "shared_facts", None)
        if registry:
            out.append((f"{name}/{SHARED_FACTS_FILE}", dumps_bytes(document(name, writer.kit.current, registry))))
    return out
