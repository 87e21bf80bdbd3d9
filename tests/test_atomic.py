"""Atomic builds: a build killed at any moment leaves the previous complete
output (and the review database) exactly as it was; the next build cleans up."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsgen.cli import cli

from newsgen.errors import NewsgenError
from newsgen.paths import JOURNAL
from newsgen.publish.staging import Staging, recover

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def newsgen_in_process(*args):
    """A build in this process (fast); the builds that are killed run in their own."""
    result = CliRunner().invoke(cli, list(map(str, args)))
    result.returncode = result.exit_code
    return result


# A process that ends abruptly, as a kill would (exit 137), after it has staged
# N files or swapped N entries into place: the crash is put in by the test,
# not by a hook in newsgen.
KILLED = """
import os, sys
from newsgen.publish import staging

def after(n, func):
    calls = [0]
    def wrapper(*args, **kwargs):
        out = func(*args, **kwargs)
        calls[0] += 1
        if calls[0] >= n:
            os._exit(137)
        return out
    return wrapper

kill_after, kill_in_commit = int(sys.argv[1]), int(sys.argv[2])
if kill_after:
    staging.Staging.write = after(kill_after, staging.Staging.write)
if kill_in_commit:
    staging._swap_in = after(kill_in_commit, staging._swap_in)
"""


def killed(script: str, *args, after: int = 0, in_commit: int = 0):
    return subprocess.run([sys.executable, "-c", KILLED + script, str(after), str(in_commit),
                           *map(str, args)], capture_output=True, text=True, cwd=ROOT, env=ENV)


def newsgen(*args, kill_after: int = 0):
    if not kill_after:
        return newsgen_in_process(*args)
    return killed("from newsgen.cli import cli\ncli(sys.argv[3:], prog_name='newsgen')",
                  *args, after=kill_after)


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def without_db(files: dict) -> dict:
    """The output without the review database (the review stage records each
    build's drafts in it, in one SQLite transaction, before the output swap)."""
    return {name: data for name, data in files.items() if not name.startswith("review.db")}


def consistent(db_path: Path) -> bool:
    db = sqlite3.connect(db_path)
    try:
        return db.execute("pragma integrity_check").fetchone() == ("ok",)
    finally:
        db.close()


from newsgen.paths import SCOPE_FILE  # noqa: E402  the build's own record, not a leftover
from newsgen.paths import SKIPPED_FILE  # noqa: E402  likewise
from newsgen.paths import CHECKED_DIR  # noqa: E402  likewise (what the next build may reuse)


def leftovers(out: Path) -> list[str]:
    """Staging folders beside the output, old entries and journals inside it."""
    return sorted([p.name for p in out.parent.glob(f".{out.name}.staging-*")]
                  + [p.name for p in out.glob(".*") if p.name not in (".keep", SCOPE_FILE, SKIPPED_FILE, CHECKED_DIR)])


@pytest.fixture
def previous(tmp_path):
    """A complete build with a review database, and a changed data file that
    would change every article if a later build got through."""
    out = tmp_path / "output"
    done = newsgen("build", "--all-forces", "--story", "child-abuse-images", "-o", out)
    assert done.returncode == 0, done.stderr
    assert (out / "review.db").is_file()        # the build's review store
    changed = tmp_path / "changed.csv"
    text = (ROOT / "newsgen" / "shipped" / "data" / "nspcc-child-abuse-image-offences-2018.csv").read_text(encoding="utf-8")
    changed.write_text(text.replace("United Kingdom,2017-18,all,22724", "United Kingdom,2017-18,all,22900"),
                       encoding="utf-8")
    return out, tree(out), changed


@pytest.mark.parametrize("after", [1, 20, 45])
def test_a_build_killed_after_n_files_leaves_the_previous_output_intact(previous, after):
    out, before, changed = previous
    killed = newsgen("build", "--all-forces", "--story", "child-abuse-images", "--data", changed,
                     "-o", out, kill_after=after)
    assert killed.returncode == 137, killed.stderr      # it really died part-way
    assert without_db(tree(out)) == without_db(before)
    assert consistent(out / "review.db")
    assert len(leftovers(out)) == 1                      # the dead build's staging folder

    again = newsgen("build", "--all-forces", "--story", "child-abuse-images", "--data", changed, "-o", out)
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []
    after_tree = tree(out)
    assert consistent(out / "review.db")
    assert set(after_tree) == set(before)
    assert after_tree["drafts/child-abuse-images/kent.txt"] != \
        before["drafts/child-abuse-images/kent.txt"]


def test_a_commit_killed_between_swaps_is_finished_by_the_next_build(tmp_path):
    """Kill between the renames of two top-level entries: the journal lets the
    next build finish the swap, so no mix of old and new survives."""
    out = tmp_path / "output"
    old = Staging(out)
    for name in ("alpha/a.txt", "beta/b.txt", "index.txt"):
        old.write(name, "old " + name)
    old.commit()
    (out / "review.db").write_bytes(b"editor's work")
    script = textwrap.dedent(f"""
        from newsgen.publish.staging import Staging
        s = Staging({str(out)!r})
        for name in ("alpha/a.txt", "beta/b.txt", "index.txt"):
            s.write(name, "new " + name)
        s.commit()
    """)
    proc = killed(script, in_commit=1)
    assert proc.returncode == 137, proc.stderr
    mixed = tree(out)
    assert mixed["alpha/a.txt"] == b"new alpha/a.txt" and mixed["beta/b.txt"] == b"old beta/b.txt"
    assert (out / JOURNAL).exists()

    recover(out)
    assert tree(out) == {"alpha/a.txt": b"new alpha/a.txt", "beta/b.txt": b"new beta/b.txt",
                         "index.txt": b"new index.txt", "review.db": b"editor's work"}
    assert leftovers(out) == []


def test_a_crash_before_the_journal_is_rolled_back_not_forward(tmp_path):
    out = tmp_path / "output"
    first = Staging(out)
    first.write("alpha/a.txt", "old")
    first.commit()
    dead = Staging(out)          # a build that never reached its commit
    dead.write("alpha/a.txt", "half-built")
    dead._lock.close()           # the process died: its lock went with it
    recover(out)
    assert tree(out) == {"alpha/a.txt": b"old"}
    assert leftovers(out) == []


def test_two_builds_cannot_write_one_output_at_once(tmp_path):
    out = tmp_path / "output"
    first = Staging(out)
    with pytest.raises(NewsgenError, match="another newsgen build is writing"):
        Staging(out)
    first.abandon()
    Staging(out).abandon()       # free again once the first is done


def test_the_review_database_is_never_inside_a_swapped_entry(previous):
    """A swap replaces a path with a new file; the review database is the
    same file, updated in place, after another build."""
    out, before, changed = previous
    inode = (out / "review.db").stat().st_ino
    done = newsgen("build", "--all-forces", "--story", "child-abuse-images", "--data", changed, "-o", out)
    assert done.returncode == 0
    assert (out / "review.db").stat().st_ino == inode
    assert consistent(out / "review.db")


# -- a rebuild links the files that did not change ------------------------------

def inodes(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_ino
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "review.db"}


def test_a_rebuild_where_nothing_changed_writes_no_file_again(previous):
    out, before, _ = previous
    first = inodes(out)
    done = newsgen("build", "--all-forces", "--story", "child-abuse-images", "-o", out)
    assert done.returncode == 0, done.stderr
    assert without_db(tree(out)) == without_db(before)
    assert inodes(out) == first          # every file kept, none written again
    assert leftovers(out) == []


def test_a_rebuild_writes_what_changed_and_links_the_rest(previous):
    out, before, changed = previous
    first = inodes(out)
    done = newsgen("build", "--all-forces", "--story", "child-abuse-images", "--data", changed, "-o", out)
    assert done.returncode == 0, done.stderr
    now, after = inodes(out), tree(out)
    kent = "drafts/child-abuse-images/kent.txt"
    assert after[kent] != before[kent] and now[kent] != first[kent]
    kept = [name for name in now if name in first and now[name] == first[name]]
    assert kept and all(after[name] == before[name] for name in kept)


def test_a_linked_file_is_never_written_through(tmp_path):
    """The staged link and the live file are one file until the commit: a
    second write to the same staged path must not change the live output."""
    out = tmp_path / "output"
    first = Staging(out)
    first.write("alpha/a.txt", "same")
    first.commit()
    second = Staging(out)
    second.write("alpha/a.txt", "same")        # linked to the live file
    assert (second.root / "alpha" / "a.txt").stat().st_ino == (out / "alpha" / "a.txt").stat().st_ino
    second.write("alpha/a.txt", "different")   # the same path again, other bytes
    assert (out / "alpha" / "a.txt").read_bytes() == b"same"
    second.abandon()
    assert tree(out) == {"alpha/a.txt": b"same"}


def test_a_symbolic_link_in_the_old_output_is_not_taken_into_the_new(tmp_path):
    out = tmp_path / "output"
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("same")
    first = Staging(out)
    first.write("alpha/b.txt", "other")
    first.commit()
    (out / "alpha" / "a.txt").symlink_to(elsewhere)
    second = Staging(out)
    second.write("alpha/a.txt", "same")
    second.commit()
    assert not (out / "alpha" / "a.txt").is_symlink()
    assert (out / "alpha" / "a.txt").read_text() == "same"
    assert elsewhere.read_text() == "same"


def test_a_file_with_another_time_is_written_again(tmp_path):
    out = tmp_path / "output"
    first = Staging(out)
    first.write("feeds/a.xml", "<feed/>", mtime=1_500_000_000)
    first.commit()
    second = Staging(out)
    second.write("feeds/a.xml", "<feed/>", mtime=1_600_000_000)
    second.commit()
    assert (out / "feeds" / "a.xml").stat().st_mtime == 1_600_000_000
    third = Staging(out)
    inode = (out / "feeds" / "a.xml").stat().st_ino
    third.write("feeds/a.xml", "<feed/>", mtime=1_600_000_000)
    third.commit()
    assert (out / "feeds" / "a.xml").stat().st_ino == inode
