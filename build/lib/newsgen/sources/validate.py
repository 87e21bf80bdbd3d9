"""Checking a data file against a kit without building: every problem, in line order."""

from __future__ import annotations

from pathlib import Path

from newsgen.errors import DataError


def validate_file(path: Path, kit) -> list[DataError]:
    """Every problem in `path` read as `kit`'s data, in line order."""
    from newsgen.sources.forces import load_forces
    from newsgen.sources.loaders import LOADERS

    forces = load_forces()
    loader = LOADERS[kit.loader]
    problems = list(loader.check(Path(path), forces, kit.options))
    if not problems:   # a clean file must also hold the periods the kit writes about
        data = loader.load((Path(path),), forces, kit.options)
        for label, name in ((kit.current, "current"), (kit.previous, "previous")):
            if label and label not in data.periods:
                problems.append(DataError(
                    data.file, None, "period",
                    f"no rows for {label}, the kit's {name} period (periods.{name} in "
                    f"{kit.file}); the file has: {', '.join(data.periods) or 'none'}"))
    return problems
