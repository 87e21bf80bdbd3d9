"""Where a figure came from: a cell of a published file. Its own module, with
no table library behind it, because every later stage (facts, articles,
review, publish) cites cells while only the loaders read tables (pandas)."""

from __future__ import annotations

from typing import NamedTuple


# Source is an immutable record made by the hundred thousand in a large build:
# as a named tuple it is built and hashed in C.
class Source(NamedTuple):
    file: str
    line: int            # the CSV line, or the spreadsheet row
    column: str          # the header of the cell's column
    cell: str = ""       # a spreadsheet's cell, 'Table P1!C17'; '' in a CSV

    def as_dict(self) -> dict:
        if self.cell:
            return {"file": self.file, "line": self.line, "column": self.column,
                    "cell": f"{self.file}!{self.cell}"}
        return {"file": self.file, "line": self.line, "column": self.column}
