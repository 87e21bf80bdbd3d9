"""The newsgen command line: a group of thin commands over the library, each in
its own module. Heavy modules (pandas, jinja2, matplotlib) are imported inside
the commands, so ``newsgen --help`` starts fast; and a command's module is
imported only when that command runs (or ``--help`` lists it), so
``newsgen build`` does not load the review, leads and lint commands.
"""

from __future__ import annotations

import importlib
import sys

import click

from newsgen.cli.options import CONTEXT_SETTINGS

# Each command: the module and name of its click command.
COMMANDS = {
    "build": "newsgen.cli.build:build",
    "kits": "newsgen.cli.kits:kits",
    "new-kit": "newsgen.cli.kits:new_kit",
    "leads": "newsgen.cli.leads:leads",
    "lint": "newsgen.cli.lint:lint",
    "serve": "newsgen.cli.serve:serve",
    "review": "newsgen.cli.review:review",
    "validate": "newsgen.cli.validate:validate",
}


class _Commands(click.Group):
    """A group whose commands are imported when they are asked for."""

    def list_commands(self, ctx) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr = COMMANDS[name].split(":")
        return getattr(importlib.import_module(module), attr)


@click.group(cls=_Commands, context_settings=CONTEXT_SETTINGS)
@click.version_option(package_name="newsgen")
def cli():
    """newsgen writes a local news story for every police force from official figures.

    \b
    Example:
      newsgen build --all-forces
    """


def main():  # pragma: no cover - the console script
    cli(prog_name="newsgen")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
