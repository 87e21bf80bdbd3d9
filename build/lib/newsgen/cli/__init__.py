"""The command line: thin click commands over the library (app.py names them)."""

from newsgen.cli.app import cli, main

__all__ = ["cli", "main"]
