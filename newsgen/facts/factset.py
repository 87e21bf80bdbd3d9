"""An area's facts: named figures, each with the cells it came from.

Facts are numbers and labels only, never words. A `FactSet` is what templates
read (``f.current``) and articles record; `LazyFacts` makes them area by area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from newsgen.facts import shared as shared_facts
from newsgen.sources.cells import Source

# Source and Fact are immutable records made by the hundred thousand in a
# large build: as named tuples they are built and hashed in C, and each is one
# object for the garbage collector to walk (a dataclass costs twice as much to
# make, and a frozen one keeps a __dict__ too).

class Fact(NamedTuple):
    name: str
    value: object
    sources: tuple[Source, ...] = ()
    how: str = ""  # for derived facts: how it was computed

    def as_dict(self) -> dict:
        out = {"value": self.value, "sources": [s.as_dict() for s in self.sources]}
        if self.how:
            out["how"] = self.how
        return out


@dataclass
class FactSet:
    """An area's facts by name. Templates see ``values``; JSON sees ``facts``.

    Change the facts through `add` and `merge` (not by writing to ``facts``):
    they keep ``values``, which is computed once and then remembered, current
    (updated in place, in the facts' order: facts are added and read in
    turn by the hundred for each area, and remaking it each time was most
    of the facts stage).
    """

    facts: dict[str, Fact] = field(default_factory=dict)
    # name -> where a fact citing many cells is cited in full instead
    # ("<story>/_shared-facts.json#<key>", newsgen.facts.shared)
    shared: dict[str, str] = field(default_factory=dict, compare=False)
    # name -> digest of the value of a shared fact that is a whole list (every
    # area of a region), made once for all the areas holding it (see fingerprint)
    digests: dict[str, str] = field(default_factory=dict, compare=False)
    _values: dict | None = field(default=None, init=False, repr=False, compare=False)

    def add(self, name: str, value, sources=(), how: str = "") -> None:
        self.facts[name] = Fact(name, value, tuple(sources), how)
        if self._values is not None:
            self._values[name] = value

    def merge(self, facts: "FactSet | dict[str, Fact]") -> None:
        """Add (or replace) these facts, the same Fact objects, in their order."""
        facts = facts.facts if isinstance(facts, FactSet) else facts
        self.facts.update(facts)
        if self._values is not None:
            self._values.update((name, fact.value) for name, fact in facts.items())

    @property
    def values(self) -> dict:
        """{name: value}; the same dict until the facts change, so read it only."""
        if self._values is None:
            self._values = {name: fact.value for name, fact in self.facts.items()}
        return self._values

    def sources(self, *names: str) -> tuple[Source, ...]:
        """The sources of these facts, in order, each once."""
        facts = self.facts
        return tuple(dict.fromkeys(s for name in names if name in facts
                                   for s in facts[name].sources))

    def fingerprint(self) -> str:
        """A digest of every value, names sorted. A value many areas share
        that is itself a list of areas (newsgen.facts.shared) counts by its
        own digest, made once: an area's fingerprint costs the same however
        many areas there are, and still changes whenever any value does."""
        values, digests = self.values, self.digests
        if digests:
            values = {name: {"shared digest": digests[name]} if name in digests else value
                      for name, value in values.items()}
        return shared_facts.digest(values)

    def as_dict(self) -> dict:
        shared = self.shared
        return {name: shared_dict(fact, shared[name]) if name in shared else fact.as_dict()
                for name, fact in self.facts.items()}


def shared_dict(fact: Fact, ref: str) -> dict:
    """A fact cited in full elsewhere (newsgen.facts.shared): its value and
    how, where its cells are listed, and how many there are. A value that is
    itself a long list (every area of a region) is only there too: "items"
    says how long it is."""
    value = fact.value
    if isinstance(value, list) and len(value) > shared_facts.LIMIT:
        out = {"items": len(value), "cited_in": ref, "cells": len(fact.sources)}
    else:
        out = {"value": value, "cited_in": ref, "cells": len(fact.sources)}
    if fact.how:
        out["how"] = fact.how
    return out


class LazyFacts(Mapping):
    """{slug: FactSet}, each FactSet made when asked for from the area's row
    of numbers and not kept: read-only (nothing may add facts to it later)."""

    def __init__(self, rows: dict[str, tuple], make):
        self._rows, self._make = rows, make

    def __getitem__(self, slug: str) -> FactSet:
        return self._make(*self._rows[slug])

    def __contains__(self, slug) -> bool:
        return slug in self._rows

    def __iter__(self):
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def only(self, slugs) -> "LazyFacts":
        """The same, for these areas only."""
        return LazyFacts({slug: self._rows[slug] for slug in slugs}, self._make)
