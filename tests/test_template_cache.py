"""Compiled templates kept on disk between builds (newsgen.words.compiled)
must never change what is written: an edited template is compiled again, a
corrupt or unwritable cache costs a compile and nothing else, and a build
from a warm cache writes the same bytes as one from a cold cache."""

import filecmp
import os
from pathlib import Path

import jinja2
import pytest
from click.testing import CliRunner

from newsgen.cli import cli
from newsgen.paths import TEMPLATE_CACHE
from newsgen.words import compiled
from newsgen.words.templates import Renderer

NOW = ["--now", "2018-09-18T09:00:00+01:00"]


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder of this test's own, and no compiled template
    held in memory from earlier tests: each Renderer reads the disk."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSGEN_CACHE", str(folder))
    monkeypatch.setattr(compiled, "_CACHES", {})
    return folder


def fresh_process(monkeypatch):
    """What a new process knows: nothing held in memory, only the disk."""
    monkeypatch.setattr(compiled, "_CACHES", {})


def cached_files(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / TEMPLATE_CACHE).rglob("*") if p.is_file())


def render(tmp_path, text: str | None = None) -> str:
    folder = tmp_path / "kit-templates"
    folder.mkdir(exist_ok=True)
    if text is not None:
        (folder / "t.j2").write_text(text, encoding="utf-8")
    return Renderer("k", folder).render("t.j2", {"n": 3})


def test_a_compiled_template_is_kept_on_disk_and_used_by_the_next_process(tmp_path, cache,
                                                                          monkeypatch):
    assert render(tmp_path, "{{ n | num }} offences") == "three offences"
    files = cached_files(cache)
    assert files, "nothing was written to the cache"
    fresh_process(monkeypatch)
    compiles = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda self, *a, **k: compiles.append(a) or real(self, *a, **k))
    assert render(tmp_path) == "three offences"
    assert compiles == []   # read from the disk, not compiled again


def test_an_edited_template_is_compiled_again_never_served_stale(tmp_path, cache, monkeypatch):
    assert render(tmp_path, "{{ n }} before") == "3 before"
    fresh_process(monkeypatch)
    assert render(tmp_path, "{{ n }} after") == "3 after"
    # and within one process too (another story's renderer, the same file edited)
    assert render(tmp_path, "{{ n }} again") == "3 again"


def test_a_changed_filter_gets_a_cache_of_its_own(tmp_path, cache, monkeypatch):
    # Jinja decides when it compiles whether a filter is passed the context:
    # code compiled for one filter must not be run with another.
    plain = jinja2.Environment()
    plain.filters["f"] = str
    contextual = jinja2.Environment()
    contextual.filters["f"] = jinja2.pass_context(lambda ctx, v: v)
    assert compiled.signature(plain) != compiled.signature(contextual)
    same = jinja2.Environment()
    same.filters["f"] = repr
    assert compiled.signature(plain) == compiled.signature(same)
    html = Renderer("k", tmp_path)
    assert compiled.signature(html.env) != compiled.signature(html.html_env)


def test_a_filter_changed_after_the_renderer_is_made_is_compiled_for(tmp_path, cache,
                                                                      monkeypatch):
    # as ArticleWriter does for a kit's own "slightly": the kind of
    # environment is worked out when a template is loaded
    assert render(tmp_path, "{{ n | num }}") == "three"
    for fresh in (False, True):
        if fresh:
            fresh_process(monkeypatch)
        r = Renderer("k", tmp_path / "kit-templates")
        r.env.filters["num"] = jinja2.pass_context(lambda context, v: f"{v} in context")
        assert r.render("t.j2", {"n": 3}) == "3 in context"


@pytest.mark.parametrize("damage", [b"", b"not a cache at all", "truncated"])
def test_a_corrupt_cache_file_is_compiled_again(tmp_path, cache, monkeypatch, damage):
    assert render(tmp_path, "{{ n }} offences") == "3 offences"
    for path in cached_files(cache):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if damage == "truncated" else damage)
    fresh_process(monkeypatch)
    assert render(tmp_path) == "3 offences"
    fresh_process(monkeypatch)   # the file was written again, whole
    assert render(tmp_path) == "3 offences"


def test_an_unwritable_cache_falls_back_to_compiling(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSGEN_CACHE", str(blocker / "cache"))
    fresh_process(monkeypatch)
    assert render(tmp_path, "{{ n }} offences") == "3 offences"
    assert render(tmp_path, "{{ n }} changed") == "3 changed"
    assert not (tmp_path / "a-file").is_dir()


def test_no_home_folder_means_no_cache(monkeypatch):
    from newsgen import paths
    monkeypatch.delenv("NEWSGEN_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)
    assert paths.cache_dir() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere")
    assert paths.cache_dir() == Path("/somewhere/newsgen")


def build(out: Path):
    result = CliRunner().invoke(cli, ["build", "--force", "Derbyshire", "--force", "Kent",
                                      "--no-charts", "--quiet", *NOW, "-o", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output


def same_files(a: Path, b: Path) -> None:
    compared = filecmp.dircmp(a, b, ignore=["review.db"])
    pending = [compared]
    while pending:
        c = pending.pop()
        assert not c.left_only and not c.right_only, (c.left, c.left_only, c.right_only)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        assert mismatch == [] and errors == [], (c.left, mismatch, errors)
        pending.extend(c.subdirs.values())


def test_a_build_from_a_warm_cache_writes_the_same_bytes(tmp_path, cache, monkeypatch):
    build(tmp_path / "cold")
    assert cached_files(cache)
    fresh_process(monkeypatch)
    build(tmp_path / "warm")
    same_files(tmp_path / "cold", tmp_path / "warm")
