"""A build's scope (its stories and forces), and the refusal of a narrower
build into a folder a wider one wrote."""

from __future__ import annotations

import json
from pathlib import Path

from newsgen.build.context import BuildOptions
from newsgen.build.plan import select_forces
from newsgen.errors import NewsgenError
from newsgen.kit import Kit
from newsgen.sources.forces import load_forces
from newsgen.paths import SCOPE_FILE



def build_scope(kits: list[Kit], options: BuildOptions) -> dict:
    """Which stories and forces a build covers ('*': every force), and the
    arguments that repeat it."""
    if options.force_names:
        table = load_forces(Path(options.areas_file)) if options.areas_file else load_forces()
        forces = sorted(f.slug for f in select_forces(table, options.force_names))
    else:
        forces = ["*"]
    scope = {"stories": sorted(k.name for k in kits), "forces": forces}
    if options.command:   # how to repeat it: the review page's Publish does
        scope["command"] = list(options.command)
    return scope


def check_scope(scope: dict, options: BuildOptions) -> None:
    """Refuse a build that would replace a wider build's output with less.

    A build replaces the output folder's stories, feeds and ninjs as a whole,
    so building one force into the folder of a full build would empty every
    other force's feed. The operator must say --replace, or use --output.
    """
    path = Path(options.output) / SCOPE_FILE
    if options.replace or not path.is_file():
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
        old_stories, old_forces = set(old["stories"]), set(old["forces"])
    except (ValueError, KeyError, TypeError):
        return
    missing_stories = old_stories - set(scope["stories"])
    new_forces = set(scope["forces"])
    missing_forces = set() if "*" in new_forces else old_forces - new_forces
    if missing_stories or missing_forces:
        what = []
        if missing_stories:
            what.append(f"{len(missing_stories)} stories ({', '.join(sorted(missing_stories)[:3])}"
                        + (", ..." if len(missing_stories) > 3 else "") + ")")
        if missing_forces:
            what.append("all forces" if "*" in missing_forces else
                        f"{len(missing_forces)} forces ({', '.join(sorted(missing_forces)[:3])}"
                        + (", ..." if len(missing_forces) > 3 else "") + ")")
        raise NewsgenError(
            f"{options.output}: the last build there also covered {' and '.join(what)}; "
            "this narrower build would remove them and their feed items. "
            "Build into another folder with --output, or say --replace")
