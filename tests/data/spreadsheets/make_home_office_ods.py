"""Writes home-office-prc-pfa-2017-18.ods: the shipped Home Office CSV
(newsgen/shipped/data/home-office-prc-pfa-2017-18.csv) as the Home Office
publishes its open data tables, a spreadsheet with a sheet per financial
year. Every figure is the CSV's, cell for cell: counts as numbers (the
export's ' 121 ' is 121, its '-00' is 0, negative adjustments stay
negative), everything else as text. The layout (an introduction sheet, then
the year's sheet with a title row and a note above the header) follows the
publisher's accessible spreadsheets; see README.md here.

    .venv/bin/python tests/data/spreadsheets/make_home_office_ods.py
"""

import csv
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent.parent.parent / "newsgen" / "shipped" / "data" / "home-office-prc-pfa-2017-18.csv"
TARGET = HERE / "home-office-prc-pfa-2017-18.ods"


def main() -> None:
    with open(SOURCE, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    count = header.index("Number of Offences")
    quarter = header.index("Financial Quarter")
    table = []
    for row in body:
        row = list(row)
        row[count] = int(row[count].strip())        # ' 121 ' -> 121, '-00' -> 0
        row[quarter] = int(row[quarter].strip())
        table.append(row)
    title = [["Police recorded crime by police force area, financial quarter and offence code, "
              "April 2017 to March 2018"],
             ["This worksheet contains one table. Counts include adjustments, which can be "
              "negative."]]
    intro = pd.DataFrame([["Police recorded crime open data tables: police force area"],
                          ["Figures for England and Wales, by financial year and quarter."],
                          ["Each financial year is on its own worksheet."]])
    width = len(header)
    year = pd.DataFrame([row + [""] * (width - len(row)) for row in title + [header] + table])
    with pd.ExcelWriter(TARGET, engine="odf") as writer:
        intro.to_excel(writer, sheet_name="Introduction", header=False, index=False)
        year.to_excel(writer, sheet_name="2017-18", header=False, index=False)


if __name__ == "__main__":
    main()
