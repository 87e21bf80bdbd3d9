"""What makes rendering quick must not change what it writes: templates that
read only the kit's own values are rendered once per kit, angle rules
remember their answers, and paragraphs are split without the slow regex
where that gives the same text."""

import random

import pytest

from newsgen.words.writer import ArticleWriter
from newsgen.kit import select_kits
from newsgen.words import templates as render
from newsgen.words.templates import _BLANK_LINE, _SPACE, Renderer, paragraphs

FIXED = ("kit", "kit_notes", "quotes")


@pytest.fixture(autouse=True)
def look_at_once(monkeypatch):
    """Look at each template for a memory on its first render, not its 200th."""
    monkeypatch.setattr(render, "_LOOK_AFTER", 0)


def renderer(tmp_path, templates: dict[str, str]) -> Renderer:
    for name, text in templates.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return Renderer("k", tmp_path, fixed=FIXED)


def test_a_template_of_kit_values_is_rendered_once_while_they_are_the_same_objects(tmp_path):
    r = renderer(tmp_path, {"notes.j2": "{{ kit.name }}:{% for n in kit_notes %} {{ n }}{% endfor %}"})
    notes = ["one"]
    context = {"kit": {"name": "k"}, "kit_notes": notes, "f": {"current": 1}}
    assert r.render("notes.j2", context) == "k: one"
    notes.append("two")   # the same list, changed behind the renderer's back: not re-read
    assert r.render("notes.j2", {**context, "f": {"current": 2}}) == "k: one"
    assert r.render("notes.j2", {**context, "kit_notes": ["three"]}) == "k: three"
    assert r.render("notes.j2", {**context, "kit": {"name": "j"}}) == "j: one two"


def test_a_template_is_remembered_only_after_many_renders(tmp_path, monkeypatch):
    monkeypatch.setattr(render, "_LOOK_AFTER", 3)
    r = renderer(tmp_path, {"notes.j2": "{% for n in kit_notes %}{{ n }}{% endfor %}"})
    notes = []
    texts = []
    for n in "abcde":
        notes.append(n)   # the same list each time
        texts.append(r.render("notes.j2", {"kit_notes": notes}))
    assert texts == ["a", "ab", "abc", "abcd", "abcd"]


def test_an_included_kit_template_is_remembered_but_not_its_includer(tmp_path):
    r = renderer(tmp_path, {"body.j2": "{{ f.current }} {% include 'quotes.j2' %}",
                            "quotes.j2": "{% for q in quotes %}{{ q }}{% endfor %}"})
    quotes = ["Q"]
    assert [r.render("body.j2", {"f": {"current": n}, "quotes": quotes}) for n in (1, 2)] \
        == ["1 Q", "2 Q"]
    quotes.append("R")
    assert r.render("body.j2", {"f": {"current": 3}, "quotes": quotes}) == "3 Q"


@pytest.mark.parametrize("templates", [
    {"t.j2": "{{ kit.name }} {{ f.current }}"},   # reads an area's own value
    {"t.j2": "{{ kit.name }} {% include 'part.j2' %}", "part.j2": "{{ f.current }}"},
])
def test_a_template_that_reads_an_areas_values_is_rendered_every_time(tmp_path, templates):
    r = renderer(tmp_path, templates)
    kit = {"name": "k"}
    assert [r.render("t.j2", {"kit": kit, "f": {"current": n}}) for n in range(3)] \
        == ["k 0", "k 1", "k 2"]


class Force:
    def __init__(self, slug):
        self.slug = slug


def test_a_forces_own_include_is_found_for_each_force(tmp_path):
    (tmp_path / "forces" / "kent").mkdir(parents=True)
    r = renderer(tmp_path, {"t.j2": "{{ kit.name }} {% include specific('part.j2') %}",
                            "part.j2": "{{ kit.name }} part", "forces/kent/part.j2": "kent part"})
    kit = {"name": "k"}
    assert [r.render("t.j2", {"kit": kit, "force": Force(slug)}, slug)
            for slug in ("kent", "essex", "kent")] == ["k kent part", "k k part", "k kent part"]


def test_a_force_without_a_folder_of_its_own_is_not_looked_for(tmp_path, monkeypatch):
    """Jinja remembers the templates it found, not those it did not: looking
    for forces/<slug>/part.j2 for every area was a file lookup per template
    folder per article."""
    import jinja2

    looked = []
    real = jinja2.FileSystemLoader.get_source
    monkeypatch.setattr(jinja2.FileSystemLoader, "get_source",
                        lambda self, env, name: looked.append(name) or real(self, env, name))
    (tmp_path / "forces" / "kent").mkdir(parents=True)
    r = renderer(tmp_path, {"t.j2": "{{ f.n }} {% include specific('part.j2') %}",
                            "part.j2": "part", "forces/kent/part.j2": "kent part"})
    texts = [r.render("t.j2", {"f": {"n": n}, "force": Force(slug)}, slug)
             for n, slug in enumerate(("essex", "surrey", "kent", "essex"))]
    assert texts == ["0 part", "1 part", "2 kent part", "3 part"]
    assert not [name for name in looked if name.startswith(("forces/essex", "forces/surrey"))]
    assert "forces/kent/part.j2" in looked


def test_a_random_filter_is_never_remembered(tmp_path):
    r = renderer(tmp_path, {"t.j2": "{{ kit.choices | random }}"})
    context = {"kit": {"choices": list(range(1000))}}
    assert len({r.render("t.j2", context) for _ in range(20)}) > 1


def test_a_parent_with_blocks_is_not_remembered_for_its_children(tmp_path):
    r = renderer(tmp_path, {"base.j2": "[{% block x %}base {{ kit.name }}{% endblock %}]",
                            "child.j2": "{% extends 'base.j2' %}{% block x %}child{% endblock %}"})
    context = {"kit": {"name": "k"}}
    assert r.render("base.j2", context) == "[base k]"
    assert r.render("child.j2", context) == "[child]"
    assert r.render("base.j2", context) == "[base k]"


def test_imported_macros_and_variables_still_arrive(tmp_path):
    r = renderer(tmp_path, {"macros.j2": "{% macro hi() %}hi {{ kit.name }}{% endmacro %}",
                            "vars.j2": "{% set title = kit.name | upper %}",
                            "t.j2": "{% import 'macros.j2' as m with context %}"
                                    "{% import 'vars.j2' as v with context %}{{ m.hi() }} {{ v.title }}"})
    context = {"kit": {"name": "k"}}
    assert [r.render("t.j2", context) for _ in range(3)] == ["hi k K"] * 3


def test_angle_rules_give_the_same_answers_remembered(tmp_path):
    r = Renderer("k", tmp_path)
    rule, names = r.expression("direction == 'rise' and current > 10", "when")
    assert names == ["current", "direction"]
    cases = [("rise", 11), ("rise", 10), ("fall", 11), ("rise", 11), ("rise", 11.5), ("rise", True)]
    assert [rule(direction=d, current=c, other=[1]) for d, c in cases] \
        == [True, False, False, True, True, False]
    with pytest.raises(Exception):   # a missing fact still fails, each time
        rule(current=11)
    with pytest.raises(Exception):
        rule(current=11)
    chance, _ = r.expression("range(1000) | random > 499", "when")
    assert len({chance(current=1) for _ in range(40)}) == 2   # asked afresh each time


def test_paragraphs_match_the_regex_split_on_awkward_whitespace():
    def by_regex(text):
        return [p for p in (_SPACE.sub(" ", b).strip() for b in _BLANK_LINE.split(text)) if p]

    pieces = ["a", "b.", " ", "  ", "\n", "\t", "\n\n", " \n", "\n ", "\xa0", "\r", "“"]
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert paragraphs(text) == by_regex(text), repr(text)


@pytest.mark.parametrize("kit", select_kits(()), ids=lambda k: k.name)
def test_the_shipped_quotes_and_notes_are_rendered_once_per_kit(kit):
    """They read only the kit's own values: a change that makes them read an
    area's would render them for every area again (slower, same text)."""
    writer = ArticleWriter(kit)
    env = writer.renderer.env
    for name in ("quotes.j2", "notes.j2"):
        reads = env.loader.reads(env, name)
        assert reads is not None and reads <= set(writer.base) | {"range"}, (name, reads)
