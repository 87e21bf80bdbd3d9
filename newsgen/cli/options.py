"""What every command module shares: help settings and turning newsgen's own
errors into one line on stderr with exit status 2. Imports only click."""

from __future__ import annotations

import functools

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
