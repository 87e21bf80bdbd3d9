"""Text search of the drafts: an SQLite FTS5 index over each draft's
headline and text (the editor's text if edited, else the machine's), and
what an editor types in the search box made into a query FTS5 cannot fail on.

The index reads its words from the view ``draft_search`` (one definition of
what is searched) and is kept in step by triggers on ``drafts``, so every
writer (the build's sync, editors' actions, publishing, tools that write SQL)
keeps it current without knowing it is there. Migration 6 of
newsgen.review.store creates it and indexes the drafts of an older store.

What the search box understands (nothing else is an operator: every other
character is part of a word or a separator):
  words            all must appear (any order): ``burglary kent``
  "a phrase"       the words together, in order
  word*            a word beginning so: ``burgl*``
  OR               either side: ``kent OR essex burglary`` is (kent or essex) and burglary
  -word            must not appear (after at least one word to find)
Case, accents and punctuation do not matter (FTS5's unicode61 tokenizer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Run by newsgen.review.store's migration 6 (statements split by
# sqlite3.complete_statement: the triggers hold semicolons).
SCHEMA = """
CREATE VIEW draft_search (id, headline, text) AS
    SELECT id, substr(t, 1, instr(t || char(10), char(10)) - 1), t
    FROM (SELECT id, coalesce(edited_text, machine_text) AS t FROM drafts);
CREATE VIRTUAL TABLE drafts_fts USING fts5(
    headline, text, content='draft_search', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2');
CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO drafts_fts (rowid, headline, text)
        SELECT id, headline, text FROM draft_search WHERE id = new.id;
END;
CREATE TRIGGER drafts_fts_unindex BEFORE UPDATE OF machine_text, edited_text ON drafts BEGIN
    INSERT INTO drafts_fts (drafts_fts, rowid, headline, text)
        SELECT 'delete', id, headline, text FROM draft_search WHERE id = old.id;
END;
CREATE TRIGGER drafts_fts_reindex AFTER UPDATE OF machine_text, edited_text ON drafts BEGIN
    INSERT INTO drafts_fts (rowid, headline, text)
        SELECT id, headline, text FROM draft_search WHERE id = new.id;
END;
CREATE TRIGGER drafts_fts_delete BEFORE DELETE ON drafts BEGIN
    INSERT INTO drafts_fts (drafts_fts, rowid, headline, text)
        SELECT 'delete', id, headline, text FROM draft_search WHERE id = old.id;
END;
INSERT INTO drafts_fts (drafts_fts) VALUES ('rebuild');
"""

OPERATORS = 'words (all must appear), "a phrase", word* (beginning so), OR, -word (leave out)'
_TOKENS = re.compile(r'(-?)"([^"]*)"?(\*?)|(\S+)')
_WORD = re.compile(r"\w")
MAX_TERMS = 32   # more is not a search an editor types; it only costs time


@dataclass(frozen=True)
class Search:
    """What was typed, as an FTS5 MATCH expression (None: nothing to search
    for), and what was left out of it, to say so on the page."""

    typed: str
    match: str | None
    ignored: str = ""


def fts_query(typed: str) -> Search:
    """The search box's text as an FTS5 expression that is always valid:
    each word or phrase is an FTS5 string (quotes doubled), so ``"``,
    ``AND``, ``NEAR(``, ``col:`` or ``^`` are only text; OR and a leading
    ``-`` are the operators above. Terms without a letter or digit are left
    out (they match nothing in the index)."""
    typed = typed.strip()
    groups: list[list[str]] = []    # AND of ORs
    excluded: list[str] = []
    ignored: list[str] = []
    join_next = False
    for m in _TOKENS.finditer(typed[:1000]):
        if len(groups) + len(excluded) >= MAX_TERMS:
            ignored.append(f"the words after the first {MAX_TERMS}")
            break
        if m.group(4) == "OR":
            join_next = bool(groups)
            continue
        if m.group(4) is not None:
            word = m.group(4)
            negate = word.startswith("-") and len(word) > 1
            word = word[1:] if negate else word
            prefix = word.endswith("*")
            text = word.rstrip("*")
        else:
            negate, text, prefix = bool(m.group(1)), m.group(2), bool(m.group(3))
        if not _WORD.search(text):
            ignored.append(f"{m.group(0)} (no letter or digit)")
            continue
        term = '"' + text.replace('"', '""') + '"' + ("*" if prefix else "")
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    if not groups:
        if excluded:
            ignored.append("the -words (leaving out needs a word to find)")
        return Search(typed, None, ", ".join(ignored))
    parts = [f"({' OR '.join(g)})" if len(g) > 1 else g[0] for g in groups]
    match = " AND ".join(parts)
    if excluded:
        match = f"({match})" + "".join(f" NOT {t}" for t in excluded)
    return Search(typed, match, ", ".join(ignored))
