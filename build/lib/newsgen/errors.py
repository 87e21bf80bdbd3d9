"""newsgen's own errors: each one renders as a single line a user can act on."""

from __future__ import annotations


class NewsgenError(Exception):
    """Any failure caused by input (data, kit, template), not by newsgen.

    The CLI prints ``str(error)`` on one line and exits with status 2.
    """


class DataError(NewsgenError):
    """A problem at a place in an input file: ``file:line:column: message``.

    ``column`` is a column name or a field (``periods.current``), or None
    where the problem is the whole line or file.
    """

    def __init__(self, file: str, line: int | None, column: str | None,
                 message: str, what: str = "column"):
        self.file, self.line, self.column, self.message = file, line, column, message
        self.what = what   # "column", "field" (a kit.toml key) or "position" (a character)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = str(self.file)
        if self.line is not None:
            where += f":{self.line}"
        if self.column is not None:
            if self.what == "position":
                where += f":{self.column}"
            else:
                where += f": {self.what} '{self.column}'"
        return f"{where}: {self.message}"


class TemplateProblem(NewsgenError):
    """A template that cannot be found, parsed or rendered."""
