"""Fact-check verdicts a build may reuse: each keyed by a digest of everything
the verdict depends on, so that a verdict found under an article's key is the
verdict `check_article` would give it now.

The key covers the article's checked text (headline, standfirst, paragraphs,
notes), its data labels, the facts the check reads, the kit's verbatim text
and judgements, and `CHECKER`, a digest of the source of the code that
decides (this package, facts.judgements, words.phrasing). Any change to one
of them is a new key, so an old verdict is never used for new text, facts or
rules; mtimes play no part.

The facts the check reads are the article's scalar values and its
`breakdown`; lists such as `region_rates` (every area in a region) are never
read by the check, and leaving them out keeps the key's cost the same
whatever the number of areas.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from newsgen.facts import judgements

_SCALARS = (str, int, float, bool, type(None))


@lru_cache(maxsize=1)
def checker_digest() -> str:
    """A digest of the fact check's own code and the rules it follows."""
    from newsgen.words import phrasing
    here = Path(__file__).resolve().parent
    # (an install without sources has the compiled modules in their place)
    files = sorted(here.glob("*.py")) or sorted(here.glob("*.pyc"))
    files += [Path(judgements.__file__), Path(phrasing.__file__)]
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def checked_values(values: dict) -> dict:
    """The facts the check reads: scalar values and the breakdown."""
    out = {name: value for name, value in values.items() if isinstance(value, _SCALARS)}
    if "breakdown" in values:
        out["breakdown"] = values["breakdown"]
    return out


def verdict_key(article, verbatim: tuple[str, ...], settings: judgements.Settings) -> str:
    """The digest under which `article`'s verdict is remembered."""
    fields = [article.headline, article.standfirst, article.paragraphs, article.notes,
              article.area, article.area_label, article.region, article.kit_title]
    text = json.dumps([checker_digest(), repr(settings), verbatim, fields,
                       checked_values(article.facts.values)],
                      sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Verdicts:
    """Verdicts by area and key: the last build's (read back with `read`),
    and those this build gave (`put`), which `to_json` writes for the next
    build, an area at a time. A verdict is the list of (where, sentence,
    message) problems; an empty list is an article that passed."""

    def __init__(self):
        self.earlier: dict[str, list] = {}
        self.now: dict[str, dict[str, list]] = {}    # area slug -> key -> verdict

    def get(self, area: str, key: str) -> list | None:
        found = self.earlier.get(key)
        if found is not None:
            self.put(area, key, found)
        return found

    def put(self, area: str, key: str, problems: list) -> None:
        self.now.setdefault(area, {})[key] = problems

    def to_json(self, area: str) -> str:
        """The verdicts given for `area`'s articles in this build."""
        return json.dumps(self.now.get(area, {}), sort_keys=True, ensure_ascii=False,
                          separators=(",", ":"))

    def read(self, text: str) -> None:
        """Add the verdicts `to_json` wrote; anything not in that shape is
        left out (a verdict missed is only checked again)."""
        try:
            data = json.loads(text)
        except ValueError:
            return
        if not isinstance(data, dict):
            return
        for key, problems in data.items():
            if isinstance(problems, list) and all(
                    isinstance(p, list) and len(p) == 3 and all(isinstance(s, str) for s in p)
                    for p in problems):
                self.earlier[key] = problems
