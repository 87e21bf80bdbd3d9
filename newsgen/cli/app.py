"""The newsgen command line: a group of thin commands over the library, each in
its own module. Heavy modules (pandas, jinja2, matplotlib) are imported inside
the commands, so ``newsgen --help`` starts fast.
"""

from __future__ import annotations

import sys

import click

from newsgen.cli.build import build
from newsgen.cli.kits import kits, new_kit
from newsgen.cli.leads import leads
from newsgen.cli.lint import lint
from newsgen.cli.options import CONTEXT_SETTINGS
from newsgen.cli.review import review
from newsgen.cli.serve import serve
from newsgen.cli.validate import validate


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsgen")
def cli():
    """newsgen writes a local news story for every police force from official figures.

    \b
    Example:
      newsgen build --all-forces
    """


for command in (build, kits, new_kit, leads, lint, serve, review, validate):
    cli.add_command(command)


def main():  # pragma: no cover - the console script
    cli(prog_name="newsgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
