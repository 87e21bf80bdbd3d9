"""`newsgen validate FILE`: check a data file against a kit without building."""

from __future__ import annotations

from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS
from newsgen.errors import NewsgenError


def pick_kit(path: Path, story: str | None, kit_dirs: tuple[Path, ...]):
    """The kit named, else the kit whose data this file is, else the only kit."""
    from newsgen.kit import select_kits

    if story:
        return select_kits((story,), kit_dirs)[0]
    kits = select_kits((), kit_dirs)
    target = Path(path).resolve()
    for kit in kits:
        if target in kit.data_files:
            return kit
    if len({k.loader for k in kits}) == 1 and len({k.name for k in kits}) == 1:
        return kits[0]
    raise click.UsageError("which kit is this file for? name it with --story KIT "
                           f"(kits: {', '.join(k.name for k in kits)})")


@click.command(context_settings=CONTEXT_SETTINGS)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--story", metavar="KIT", help="Check against this kit's loader and periods "
              "(default: the kit whose data FILE is, or the only kit).")
@click.option("--kits", "kit_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of your own story kits (repeatable).")
@click.option("--areas", "areas_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Check area names against this areas table (the police-forces.csv format) "
                   "instead of the shipped police forces.")
def validate(file, story, kit_dirs, areas_file):
    """Check a data file against a kit without building; list every problem.

    Any loader's file: a CSV, or a spreadsheet (.xlsx, .ods), whose problems
    name the cell ('tables.xlsx!Table P1!L25'). Each problem is one line:
    file, line or cell, column and what was wrong. Exit status 2 if there
    are any, 0 if there are none.

    \b
    Example:
      newsgen validate my-figures.csv --story child-abuse-images
      newsgen validate tables.xlsx --story ons-robbery
      newsgen validate my-figures.csv --story child-abuse-images --areas my-areas.csv
    """
    from newsgen.sources.files import display_path
    from newsgen.sources.validate import validate_file

    try:
        kit = pick_kit(file, story, kit_dirs)
        problems = validate_file(file, kit, areas_file)
    except NewsgenError as exc:   # the kit itself is broken
        click.echo(f"newsgen: error: {exc}", err=True)
        raise SystemExit(2) from None
    for problem in problems:
        click.echo(str(problem))
    shown = display_path(file)
    if problems:
        n = len(problems)
        click.echo(f"{shown}: {n} problem{'s' if n != 1 else ''} (read as {kit.name}, "
                   f"loader {kit.loader})", err=True)
        raise SystemExit(2)
    click.echo(f"{shown}: no problems (read as {kit.name}, loader {kit.loader})")
