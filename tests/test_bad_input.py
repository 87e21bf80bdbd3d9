"""The bad-input corpus (tests/data/bad/): each case fails with one line
naming the file, line and column or field, exit status 2, and leaves the
output folder and review database byte for byte as they were."""

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.sources.files import display_path
from newsgen.sources.loaders import LOADERS

ROOT = Path(__file__).resolve().parent.parent
BAD = ROOT / "tests" / "data" / "bad"
GOOD = ROOT / "tests" / "data" / "good"
EXPECTED = tomllib.loads((BAD / "expected.toml").read_text(encoding="utf-8"))
SECTIONS = ("loaders", "kits", "templates", "areas")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and its parent's entries, as bytes."""
    files = {str(p.relative_to(folder)): p.read_bytes()
             for p in sorted(folder.rglob("*")) if p.is_file()}
    files["<siblings>"] = repr(sorted(p.name for p in folder.parent.iterdir())).encode()
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A complete previous build, with an editor's review database in it."""
    out = tmp_path_factory.mktemp("prev") / "output"
    result = CliRunner().invoke(cli, ["build", "--all-forces", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(out / "review.db") as db:
        db.execute("create table review (key text primary key, status text, note text)")
        db.execute("insert into review values ('child-abuse-images/derbyshire/2017-18', "
                   "'approved', 'checked the 301 against the NSPCC table')")
    db.close()
    return out, snapshot(out)


def cases():
    """(section, name, build arguments, expectation) for every corpus case."""
    out = []
    for loader, kit in EXPECTED["loaders"].items():
        assert loader in LOADERS, f"expected.toml names an unknown loader {loader!r}"
        for path in sorted((BAD / loader).iterdir()):
            out.append(pytest.param(
                loader, path, ["--story", kit, "--data", str(path)],
                EXPECTED[loader].get(path.name), id=f"{loader}/{path.name}"))
    for path in sorted((BAD / "kits").iterdir()):
        out.append(pytest.param(
            "kits", path / "kit.toml", ["--kits", "{kits}", "--story", path.name],
            EXPECTED["kits"].get(path.name), id=f"kits/{path.name}"))
    for path in sorted((BAD / "templates").iterdir()):
        spec = EXPECTED["templates"].get(path.name)
        out.append(pytest.param(
            "templates", path / (spec or {}).get("file", "?"), ["--templates", str(path)],
            spec, id=f"templates/{path.name}"))
    for path in sorted((BAD / "areas").iterdir()):
        out.append(pytest.param("areas", path, ["--areas", str(path)],
                                EXPECTED["areas"].get(path.name), id=f"areas/{path.name}"))
    return out


def test_every_corpus_file_has_an_expectation_and_every_expectation_a_file():
    on_disk = {(p.parent.name, p.name) for p in BAD.glob("*/*") if p.parent.name not in SECTIONS}
    listed = {(section, name) for section, table in EXPECTED.items()
              if section not in SECTIONS for name in table}
    assert on_disk == listed
    for section in ("kits", "templates", "areas"):
        assert {p.name for p in (BAD / section).iterdir()} == set(EXPECTED[section])
    # the list of kinds of bad input, each present
    assert len(EXPECTED["tidy"]) >= 19 and len(EXPECTED["kits"]) >= 2 and len(EXPECTED["templates"]) >= 2


@pytest.mark.parametrize("section, path, args, spec", cases())
def test_bad_input_fails_with_one_located_line_and_touches_nothing(built, tmp_path, section, path,
                                                                   args, spec):
    assert spec is not None, f"{path} is not listed in tests/data/bad/expected.toml"
    out, before = built
    if "{kits}" in args:   # a kits folder holding only this bad kit
        kits = tmp_path / "kits"
        shutil.copytree(path.parent, kits / path.parent.name)
        args = [str(kits) if a == "{kits}" else a for a in args]
        path = kits / path.parent.name / "kit.toml"
    result = CliRunner().invoke(cli, ["build", "--all-forces", *args, "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert "Traceback" not in line
    # file:line, then the column, field or character position
    where = f":{spec['line']}"
    if "position" in spec:
        where += f":{spec['position']}:"
    elif "column" in spec:
        where += f": column '{spec['column']}':"
    elif "field" in spec:
        where += f": field '{spec['field']}':"
    else:
        where += ":"
    assert any(line.startswith(f"newsgen: error: {shown}{where}")
               for shown in (display_path(path), str(path))), line
    assert spec["says"] in line
    assert snapshot(out) == before, "a failed build changed the output folder"


def test_a_bad_input_error_reaches_a_real_terminal_as_one_line(built, tmp_path):
    """The same through a real process: stderr is one line, no traceback."""
    out, before = built
    proc = subprocess.run(
        [sys.executable, "-m", "newsgen", "build", "--all-forces", "--story", "child-abuse-images",
         "--data", str(BAD / "tidy" / "latin1.csv"), "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert re.match(r"newsgen: error: tests/data/bad/tidy/latin1\.csv:2: column 'source': "
                    r"byte 0xa3 at character \d+ is not UTF-8", proc.stderr)
    assert snapshot(out) == before


@pytest.mark.parametrize("name", ["tidy-bom.csv", "tidy-crlf-spaces.csv"])
def test_a_byte_order_mark_or_windows_line_endings_simply_work(tmp_path, name):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", "--force", "Derbyshire", "--story",
                                      "child-abuse-images", "--data", str(GOOD / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = (out / "drafts" / "child-abuse-images" / "derbyshire.txt").read_text(encoding="utf-8")
    assert "recorded 301 offences" in text
