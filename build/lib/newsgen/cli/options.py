"""What every command shares: help settings, the options several commands take
(as decorators), and turning newsgen's own errors into one line on stderr
with exit status 2. Imports only click."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from newsgen.errors import NewsgenError

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class InputError(click.ClickException):
    """Bad input: one line on stderr, exit status 2, no traceback."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(f"newsgen: error: {self.format_message()}", err=True)


def reports_errors(command):
    """Turn newsgen's own errors into a one-line message and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except NewsgenError as exc:
            raise InputError(str(exc)) from None

    return wrapper


def output_option(command):
    return click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path),
                        default=Path("output"), show_default=True,
                        help="Folder to write articles and feeds into.")(command)


def kit_dirs_option(command):
    return click.option("--kits", "kit_dirs", multiple=True,
                        type=click.Path(file_okay=False, exists=True, path_type=Path),
                        help="A folder of your own story kits, searched before the shipped ones "
                             "(repeatable).")(command)


class Timestamp(click.ParamType):
    """An ISO 8601 date and time with a UTC offset: 2018-09-18T09:00:00+01:00."""

    name = "TIMESTAMP"

    def convert(self, value, param, ctx):
        from datetime import datetime

        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 date and time, "
                      "like 2018-09-18T09:00:00+01:00", param, ctx)
        if moment.tzinfo is None:
            self.fail(f"{value!r} has no UTC offset; add one, like +01:00 or Z", param, ctx)
        return moment
