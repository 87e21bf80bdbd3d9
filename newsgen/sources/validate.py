"""Checking a data file against a kit without building: every problem, in
file and line order, for every loader; against the shipped police forces or
another areas table (--areas)."""

from __future__ import annotations

from pathlib import Path

from newsgen.errors import DataError


def validate_file(path: Path, kit, areas: Path | None = None) -> list[DataError]:
    """Every problem in `path` read as `kit`'s data, in line order."""
    from newsgen.sources.forces import load_forces
    from newsgen.sources.loaders import LOADERS

    forces = load_forces(Path(areas)) if areas else load_forces()
    loader = LOADERS[kit.loader]
    problems = list(loader.check(Path(path), forces, kit.options))
    if problems:
        return problems
    # a clean file must also hold the periods the kit writes about
    data = loader.load((Path(path),), forces, kit.options)
    if kit.follows_latest:
        if not data.periods:
            problems.append(DataError(data.file, None, "period", "no periods at all (the kit "
                                      f"follows the latest period: periods.current in {kit.file})"))
        return problems
    for label, name in ((kit.current, "current"), (kit.previous, "previous")):
        if label and label not in data.periods:
            problems.append(DataError(
                data.file, None, "period",
                f"no rows for {label}, the kit's {name} period (periods.{name} in "
                f"{kit.file}); the file has: {', '.join(data.periods) or 'none'}"))
    return problems
