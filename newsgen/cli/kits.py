"""`newsgen new-kit`: start a story kit by copying one.

The copy keeps the templates and kit.toml; its name becomes NAME, relative
data paths are rewritten so they still point at the same files, and story
names of a parameterised kit are dropped so they follow the new kit's name.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import click

STARTER = "ons-recorded-crime"


def copy_kit(source: Path, dest: Path, name: str) -> Path:
    """Copy the kit folder `source` to `dest` and make it kit `name`."""
    from newsgen.errors import NewsgenError
    from newsgen.kit import KIT_FILE

    if dest.exists():
        raise NewsgenError(f"{dest} already exists; choose another name or --dir")
    shutil.copytree(source, dest)
    lines = (dest / KIT_FILE).read_text(encoding="utf-8-sig").splitlines()
    out, section = [], ""
    for line in lines:
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            section = header.group(1)
        key = re.match(r"(\s*)(name|file|population)(\s*=\s*)\"([^\"]*)\"(.*)$", line)
        if key and not header:
            indent, field, eq, value, rest = key.groups()
            if field == "name" and section == "":
                line = f'{indent}name{eq}"{name}"{rest}'
            elif field == "name" and section == "stories":
                continue  # the story's name follows the kit's: NAME-<category>
            elif field in ("file", "population") and section in ("data", "rates") \
                    and not Path(value).is_absolute():
                target = (source / value).resolve()
                line = f'{indent}{field}{eq}"{Path(os.path.relpath(target, dest.resolve())).as_posix()}"{rest}'
        out.append(line)
    (dest / KIT_FILE).write_text("\n".join(out) + "\n", encoding="utf-8")
    return dest


@click.command("new-kit", context_settings={"help_option_names": ["-h", "--help"]})
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
    from newsgen.cli.options import InputError
    from newsgen.errors import NewsgenError
    from newsgen.kit import kit_folder

    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise click.UsageError(f"kit names are lower-case words joined by hyphens, got {name!r}")
    try:
        folder = Path(source) if (Path(source) / "kit.toml").is_file() else kit_folder(source, kit_dirs)
        dest = copy_kit(folder, Path(directory) / name, name)
    except NewsgenError as exc:
        raise InputError(str(exc)) from None
    click.echo(f"wrote {dest}/ (a copy of {folder.name}); edit {dest / 'kit.toml'} and "
               f"{dest / 'templates'}/, then: newsgen build --all-forces --kits {directory}")
