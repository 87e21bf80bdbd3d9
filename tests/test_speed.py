"""The speed work must not change a byte: --jobs N against --jobs 1, the
fast JSON encoder against the standard library's, paragraphs against the
regular expressions they replace. Also --areas, the progress bar, --quiet,
--verbose and what `newsgen --help` imports. (Speed itself is measured in
benchmarks/bench_build.py, never here.)"""

import io
import json
import math
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from benchmarks.synthetic import write_areas, write_tidy
from newsgen.paths import SCOPE_FILE
from newsgen import parallel
from newsgen.cli import cli
from newsgen.fastjson import dumps_bytes, dumps_indented
from newsgen.build.progress import Progress, wanted
from newsgen.words.templates import Attrs, paragraphs

ROOT = Path(__file__).resolve().parent.parent
KIT = "child-abuse-images"


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("synthetic")
    return write_areas(folder / "areas.csv", 120), write_tidy(folder / "tidy.csv", 120)


def build(out, areas, data, *extra):
    result = CliRunner().invoke(cli, ["build", "--all-forces", "--story", KIT, "--areas", str(areas),
                                      "--data", str(data), "--no-charts", "-o", str(out), *extra])
    return result


def tree(folder: Path) -> dict[str, bytes]:
    """Every file's bytes, but the review store's (it records when it was
    written) and the record of how the build was run (its --jobs)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.name.startswith("review.db") and p.name != SCOPE_FILE}


def test_jobs_2_writes_the_same_bytes_as_jobs_1(tmp_path, synthetic, monkeypatch, worker_pools):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    monkeypatch.setattr(parallel, "CHUNK", 7)     # many chunks, so order matters
    one = build(tmp_path / "one", *synthetic, "--jobs", "1")
    assert one.exit_code == 0, one.output
    assert worker_pools == []
    two = build(tmp_path / "two", *synthetic, "--jobs", "2")
    assert two.exit_code == 0, two.output
    assert worker_pools == [2]                   # it really forked
    first, second = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len([name for name in first if name.startswith(f"drafts/{KIT}/")]) == 3 * 120
    assert first == second
    files = len(first) + 1   # and the scope file
    assert f"wrote 120 articles ({files} files)" in one.output
    assert f"wrote 120 articles ({files} files)" in two.output


def test_an_error_in_a_worker_is_reported_as_with_one_job(tmp_path, synthetic, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    own = tmp_path / "tpl" / "forces" / "synthetic-area-00100"
    own.mkdir(parents=True)
    (own / "headline.j2").write_text("{{ f.no_such_fact }}\n")
    outputs = []
    for jobs in ("1", "2"):
        result = build(tmp_path / f"out{jobs}", *synthetic, "--jobs", jobs,
                       "--templates", str(tmp_path / "tpl"))
        assert result.exit_code == 2
        outputs.append(result.output)
        assert not (tmp_path / f"out{jobs}").exists()
    assert "headline.j2" in outputs[0] and "no_such_fact" in outputs[0]
    assert outputs[0] == outputs[1]


def test_areas_table_replaces_the_police_forces_and_is_cited(tmp_path, synthetic):
    result = build(tmp_path / "out", *synthetic)
    assert result.exit_code == 0, result.output
    assert "wrote 120 articles (" in result.output
    doc = json.loads((tmp_path / "out" / "drafts" / KIT / "synthetic-area-00001.json").read_text())
    assert doc["force"] == "Synthetic Area 00001"
    assert doc["facts"]["population"]["sources"][0]["file"].endswith("areas.csv")
    assert doc["facts"]["ranked"]["value"] == 120
    # The shipped table is still cited as before.
    shipped = CliRunner().invoke(cli, ["build", "--force", "Derbyshire", "-o", str(tmp_path / "s")])
    doc = json.loads((tmp_path / "s" / "drafts" / KIT / "derbyshire.json").read_text())
    assert doc["facts"]["population"]["sources"][0]["file"] == "data/police-forces.csv"


def test_quiet_prints_nothing_and_verbose_prints_each_step(tmp_path, synthetic):
    quiet = build(tmp_path / "q", *synthetic, "--quiet")
    assert quiet.exit_code == 0 and quiet.output == ""
    assert len(list((tmp_path / "q" / "drafts" / KIT).glob("*.txt"))) == 120
    verbose = build(tmp_path / "v", *synthetic, "--verbose")
    assert verbose.exit_code == 0
    for step in ("load", "facts", "render", "write_articles", "commit"):
        assert re.search(rf"^  {step} +\d+\.\d{{3}}s$", verbose.output, re.M), step
    assert "\r" not in verbose.output   # no bar: the output is not a terminal
    both = build(tmp_path / "b", *synthetic, "--quiet", "--verbose")
    assert both.exit_code == 2


class FakeTerminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal_and_never_in_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert wanted(FakeTerminal()) and not wanted(io.StringIO())
    monkeypatch.setenv("CI", "true")
    assert not wanted(FakeTerminal())
    monkeypatch.delenv("CI")
    screen = FakeTerminal()
    with Progress(stream=screen).bar("writing", 40) as bar:
        for _ in range(40):
            bar.advance()
    last = screen.getvalue().rstrip("\n").split("\r")[-1]
    assert last.startswith("writing") and " 40/40 " in last and "/s" in last and "left" in last
    silent = io.StringIO()
    with Progress(stream=silent).bar("writing", 40) as bar:
        bar.advance(40)
    assert silent.getvalue() == ""


def test_help_imports_nothing_heavy():
    code = ("import sys\nfrom newsgen.cli.app import cli\ntry:\n    cli(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "print(sorted(m for m in ('pandas', 'numpy', 'jinja2', 'feedgen', 'matplotlib', "
            "'num2words', 'inflect', 'lxml') if m in sys.modules), file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert "Usage:" in proc.stdout
    assert proc.stderr.strip() == "[]"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=25)


def finite(value):
    """`value` with NaN and the infinities as None: fast JSON writes them null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


@settings(max_examples=500, deadline=None)
@given(json_values)
def test_fast_json_is_the_standard_librarys_text(value):
    expected = json.dumps(finite(value), indent=2, ensure_ascii=False)
    assert dumps_indented(value) == expected
    assert dumps_bytes(value) == (expected + "\n").encode("utf-8")


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.floats(max_value=1e-3, min_value=-1e-3),
       st.text(alphabet='0.1e-7,": \\\n', max_size=16))
def test_fast_json_writes_floats_as_python_does(number, text):
    # orjson writes some small floats unlike Python; text like them, in a key
    # or a string, must be left alone.
    value = {"n": number, "x": [number, -number], "text": text, text: [number], "e": "9e-5"}
    assert dumps_indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_fast_json_writes_what_is_not_a_number_as_null():
    value = {"a": [math.nan, math.inf, -math.inf, 1.5]}
    assert dumps_indented(value) == json.dumps({"a": [None, None, None, 1.5]}, indent=2)
    assert json.loads(dumps_indented(value)) == {"a": [None, None, None, 1.5]}


def test_fast_json_hands_what_it_does_not_handle_to_the_standard_library():
    odd = {"a": {1: "int key", None: [math.inf]}, "b": (1.5, -0.0), "c": 2**70, "d": "\ud800"}
    assert dumps_indented(odd) == json.dumps(finite(odd), indent=2, ensure_ascii=False)
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"a": {1, 2}})
    with pytest.raises(TypeError, match="not JSON serializable"):
        dumps_indented({"when": datetime(2018, 1, 1)})


def old_paragraphs(text):
    out = []
    for block in re.split(r"\n\s*\n", text):
        para = re.sub(r"[ \t]*\n[ \t]*|[ \t]{2,}", " ", block).strip()
        if para:
            out.append(para)
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=" \t\n\r\xa0ab.", max_size=60))
def test_paragraphs_split_as_the_regular_expressions_did(text):
    assert paragraphs(text) == old_paragraphs(text)


def test_attrs_reads_keys_as_attributes_but_keeps_dict_methods():
    f = Attrs({"current": 3, "items": "x", "get": 1})
    assert f.current == 3 and f == {"current": 3, "items": "x", "get": 1}
    assert callable(f.items) and callable(f.get) and f.get("items") == "x"
    assert json.dumps(f) == '{"current": 3, "items": "x", "get": 1}'


def test_remembered_urlize_gives_jinjas_html(tmp_path):
    import jinja2.filters

    from newsgen.build import build_articles
    from newsgen.kit import kit_folder, read_kit

    articles, _, writers = build_articles([read_kit(kit_folder(KIT))])
    writer = writers[KIT]
    fast = [writer.html(a) for a in articles]
    assert any('<a href="https://www.nspcc.org.uk/' in page for page in fast)
    writer.renderer.env.filters["urlize"] = jinja2.filters.FILTERS["urlize"]
    writer.renderer.html_env.filters["urlize"] = jinja2.filters.FILTERS["urlize"]
    writer.renderer._cache.clear()
    assert [writer.html(a) for a in articles] == fast
