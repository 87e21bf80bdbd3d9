"""What a build remembers from the last build into the same output folder, to
skip work whose inputs have not changed: for now, the fact check's verdicts
(newsgen.factcheck.verdicts), kept in OUTPUT/.newsgen-checked/, a file per
area, so that a batch reads only its own areas' (the cost stays linear in
the number of areas).

The memory is written through the staging folder like all output, so it is
swapped in with the articles it describes; a build that fails leaves the last
one's. It is only ever a cache: each entry is keyed by a digest of all its
inputs, and a missing or unreadable memory only means the work is done again.
"""

from __future__ import annotations

from pathlib import Path

from newsgen.factcheck.verdicts import Verdicts
from newsgen.paths import CHECKED_PATH
from newsgen.publish.staging import UnsafePath, safe_join


def last_verdicts(output: Path, slugs) -> Verdicts:
    """The fact-check verdicts the last build into `output` gave these areas."""
    verdicts = Verdicts()
    for slug in slugs:
        try:
            text = safe_join(Path(output), CHECKED_PATH.format(area=slug)).read_text(
                encoding="utf-8")
        except (OSError, UnicodeDecodeError, UnsafePath):
            continue
        verdicts.read(text)
    return verdicts


def remember_verdicts(staging, verdicts: Verdicts) -> None:
    """Stage the verdicts this batch gave, for the next build."""
    for slug in sorted(verdicts.now):
        staging.write(CHECKED_PATH.format(area=slug), verdicts.to_json(slug) + "\n")
