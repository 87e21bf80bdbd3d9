"""A rebuild reuses the last build's fact-check verdicts (newsgen.build.previous)
only where nothing a verdict depends on has changed: the same text, facts,
kit and fact-check code. Change one figure, one template word or the checker
and the article is checked again; a withheld article stays withheld; and a
rebuild writes what a fresh build writes, byte for byte."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from newsgen.build import BuildOptions, build
from newsgen.factcheck import check, verdicts
from newsgen.kit import kit_folder, read_kit

FORCES = ("Derbyshire", "Kent", "Essex")


@pytest.fixture
def kit():
    return read_kit(kit_folder("child-abuse-images"))


@pytest.fixture
def checked(monkeypatch):
    """The keys of the articles the fact check really checks, as it checks them."""
    seen = []
    real = check.check_article

    def spy(article, *args, **kwargs):
        seen.append(article.key)
        return real(article, *args, **kwargs)

    monkeypatch.setattr(check, "check_article", spy)
    return seen


def run(kit, out, **options):
    return build([kit], BuildOptions(output=out, force_names=FORCES, charts=False, **options))


def tree(folder: Path) -> dict[str, str]:
    """Every file a build wrote (not the review store, which records times)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith("review.db")}


def test_a_rebuild_checks_nothing_and_writes_what_a_fresh_build_writes(kit, tmp_path, checked):
    first = run(kit, tmp_path / "out")
    assert len(checked) == len(first.articles) == 3
    checked.clear()
    again = run(kit, tmp_path / "out")
    assert checked == []
    assert [a.key for a in again.articles] == [a.key for a in first.articles]
    run(kit, tmp_path / "fresh")
    assert len(checked) == 3     # a new output folder: nothing remembered
    assert tree(tmp_path / "out") == tree(tmp_path / "fresh")


def test_one_changed_figure_is_checked_again(kit, tmp_path, checked, nspcc_csv):
    before = {a.key: (a.text(), a.facts.values) for a in
              run(kit, tmp_path / "out", data_override=nspcc_csv).articles}
    text = nspcc_csv.read_text()
    assert "Kent,2017-18,all,333," not in text
    lines = [line for line in text.splitlines() if line.startswith("Kent,2017-18,all,")]
    assert len(lines) == 1
    nspcc_csv.write_text(text.replace(lines[0], "Kent,2017-18,all,333," + lines[0].split(",", 4)[4]))
    checked.clear()
    result = run(kit, tmp_path / "out", data_override=nspcc_csv)
    assert "child-abuse-images/kent/2017-18" in checked
    kent = next(a for a in result.articles if a.slug == "kent")
    assert "333" in kent.text()
    # (Kent's figure is in the national total every article states: each
    # article not checked again has the same words and figures as before)
    for article in result.articles:
        if article.key not in checked:
            assert (article.text(), article.facts.values) == before[article.key]


def test_one_changed_template_word_is_checked_again(kit, tmp_path, checked):
    mine = tmp_path / "mine"
    mine.mkdir()
    headline = mine / "headline.j2"
    headline.write_text("{{ force | place }}: {{ f.current | num }} offences")
    run(kit, tmp_path / "out", user_templates=(mine,))
    checked.clear()
    run(kit, tmp_path / "out", user_templates=(mine,))
    assert checked == []
    headline.write_text("{{ force | place }}: {{ f.current | num }} crimes")
    run(kit, tmp_path / "out", user_templates=(mine,))
    assert len(checked) == 3


def test_a_new_checker_checks_everything_again(kit, tmp_path, checked, monkeypatch):
    run(kit, tmp_path / "out")
    checked.clear()
    monkeypatch.setattr(verdicts, "checker_digest", lambda: "another version of the check")
    run(kit, tmp_path / "out")
    assert len(checked) == 3


@pytest.mark.parametrize("module", ["factcheck/check.py", "factcheck/claims.py",
                                    "factcheck/match.py", "factcheck/numbers.py",
                                    "factcheck/patterns.py", "factcheck/wording.py",
                                    "factcheck/verdicts.py", "facts/judgements.py",
                                    "words/phrasing.py"])
def test_the_checker_digest_changes_with_the_code_of_the_check(module, monkeypatch):
    verdicts.checker_digest.cache_clear()
    before = verdicts.checker_digest()
    real = Path.read_bytes

    def edited(path):   # the module as if one character of it had changed
        data = real(path)
        return data + b"#" if path.as_posix().endswith("newsgen/" + module) else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    verdicts.checker_digest.cache_clear()
    try:
        assert verdicts.checker_digest() != before
    finally:
        monkeypatch.undo()
        verdicts.checker_digest.cache_clear()
    assert verdicts.checker_digest() == before


def test_a_withheld_article_stays_withheld_with_the_same_problems(kit, tmp_path, checked):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "headline.j2").write_text("{{ force | place }}: {{ (f.current * 1000 + 7) | num }} offences")
    first = run(kit, tmp_path / "out", user_templates=(mine,))
    assert len(first.withheld) == 3 and first.articles == []
    checked.clear()
    again = run(kit, tmp_path / "out", user_templates=(mine,))
    assert checked == []
    assert [str(w) for w in again.withheld] == [str(w) for w in first.withheld]
    assert again.articles == []
    assert not (tmp_path / "out" / "drafts" / "child-abuse-images" / "kent.txt").exists()


def test_the_key_changes_with_each_thing_the_verdict_reads(kit, tmp_path):
    from newsgen.build import build_articles
    articles, _skipped, _writers = build_articles([kit], ("Kent",))
    article = articles[0]
    words = check.verbatim_of(kit)
    key = verdicts.verdict_key(article, words, kit.judgements)
    assert verdicts.verdict_key(article, words, kit.judgements) == key

    def changed(**fields):
        from dataclasses import replace
        return verdicts.verdict_key(replace(article, **fields), words, kit.judgements)

    assert changed(headline=article.headline + " ") != key
    assert changed(paragraphs=[*article.paragraphs[:-1], article.paragraphs[-1] + "1"]) != key
    assert changed(notes=[*article.notes, "x"]) != key
    assert changed(area_label="Kent") != key
    assert verdicts.verdict_key(article, (*words, "x"), kit.judgements) != key
    from newsgen.facts.judgements import Settings
    assert verdicts.verdict_key(article, words, Settings(handful=99)) != key
    values = article.facts.values
    for name in [n for n, v in values.items() if isinstance(v, (int, float, str))][:8]:
        old = values[name]
        values[name] = (old + 1) if isinstance(old, (int, float)) else old + "x"
        try:
            assert verdicts.verdict_key(article, words, kit.judgements) != key, name
        finally:
            values[name] = old


def test_the_review_store_is_not_written_by_a_rebuild_that_changes_nothing(kit, tmp_path):
    run(kit, tmp_path / "out")
    db = sqlite3.connect(tmp_path / "out" / "review.db")
    db.execute("CREATE TABLE writes (tbl TEXT, what TEXT)")
    tables = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'writes' "
        "AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'")]   # FTS: its writes follow its tables
    for table in tables:
        for what in ("INSERT", "UPDATE", "DELETE"):
            db.execute(f"CREATE TRIGGER log_{what}_{table} AFTER {what} ON {table} "
                       f"BEGIN INSERT INTO writes VALUES ('{table}', '{what}'); END")
    db.commit()
    db.close()
    run(kit, tmp_path / "out")
    db = sqlite3.connect(tmp_path / "out" / "review.db")
    assert db.execute("SELECT tbl, what FROM writes").fetchall() == []
    db.close()


def test_a_memory_that_is_not_json_is_only_checked_again(kit, tmp_path, checked):
    run(kit, tmp_path / "out")
    for path in (tmp_path / "out" / ".newsgen-checked").glob("*.json"):
        path.write_text("{not json" if path.stem == "kent" else json.dumps({"x": "y"}))
    checked.clear()
    run(kit, tmp_path / "out")
    assert len(checked) == 3
