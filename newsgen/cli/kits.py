"""`newsgen kits` lists the stories; `newsgen new-kit` starts one by copying a kit."""

from __future__ import annotations

import re
from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS, InputError, kit_dirs_option, reports_errors
from newsgen.errors import NewsgenError

STARTER = "ons-recorded-crime"


@click.command(context_settings=CONTEXT_SETTINGS)
@click.option("--all", "show_all", is_flag=True,
              help="Also list the stories built only on demand (the generic ons-category kit).")
@kit_dirs_option
@reports_errors
def kits(kit_dirs, show_all):
    """List the stories, a line each: name, loader, periods compared and title.

    A kit folder with [[stories]] gives one story per category; build one
    with `newsgen build --all-forces --story NAME`. Write your own with
    `newsgen new-kit NAME` (see the README, "Writing a story kit").

    \b
    Examples:
      newsgen kits
      newsgen kits --all
    """
    from newsgen.kit import find_kits, read_kits

    on_demand = []
    for folder in find_kits(kit_dirs):
        for kit in read_kits(folder):
            period = ("latest vs year before" if kit.follows_latest else
                      kit.current + (f" vs {kit.previous}" if kit.previous else ""))
            line = f"{kit.name:34} {kit.loader:11} {period:24} {kit.title}"
            if kit.on_demand:
                on_demand.append(line)
            else:
                click.echo(line)
    if on_demand and show_all:
        click.echo("\nBuilt on demand (named with --story, or for the areas an editor asks for "
                   "from a lead):")
        for line in on_demand:
            click.echo(line)
    elif on_demand:   # on stderr: the list itself stays one story a line
        click.echo(f"(and {len(on_demand)} stories built on demand: newsgen kits --all)", err=True)


@click.command("new-kit", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--from", "source", default=STARTER, show_default=True, metavar="KIT",
              help="The kit folder to copy (a name from kits/ or --kits, or a path).")
@click.option("--dir", "directory", type=click.Path(file_okay=False, path_type=Path),
              default=Path("kits"), show_default=True, help="Where to put the new kit folder.")
@click.option("--kits", "kit_dirs", multiple=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path),
              help="A folder of your own kits to copy from (repeatable).")
def new_kit(name, source, directory, kit_dirs):
    """Start a new story kit NAME by copying a kit folder.

    Then edit DIR/NAME/kit.toml (data file, category, periods, measure, angles,
    quotes, notes) and the templates in DIR/NAME/templates/; no Python. Build
    it with `newsgen build --all-forces --kits DIR --story NAME...`.

    \b
    Example:
      newsgen new-kit drug-offences --dir my-kits
    """
    from newsgen.kit import copy_kit, kit_folder

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise click.UsageError(f"kit names are lower-case words joined by hyphens, got {name!r}")
    try:
        folder = Path(source) if (Path(source) / "kit.toml").is_file() else kit_folder(source, kit_dirs)
        dest = copy_kit(folder, Path(directory) / name, name)
    except NewsgenError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"wrote {dest}/ (a copy of {folder.name}); edit {dest / 'kit.toml'} and "
               f"{dest / 'templates'}/, then: newsgen build --all-forces --kits {directory}")
