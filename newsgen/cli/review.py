"""`newsgen review ...`: the editors' commands over the review store.

Only click is imported here; the store and the web server are imported inside
the commands, so ``newsgen --help`` stays fast.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import click

from newsgen.cli.options import CONTEXT_SETTINGS, reports_errors as _reports_errors

DEFAULT_DB = Path("output") / "review.db"


def db_option(command):
    return click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path),
                        default=DEFAULT_DB, show_default=True,
                        help="The review database (made by `newsgen build`).")(command)


def _store(db: Path):
    from newsgen.errors import NewsgenError
    from newsgen.review.store import ReviewStore
    if not Path(db).exists():
        raise NewsgenError(f"{db}: no review database; run `newsgen build` first (or give --db)")
    return ReviewStore(db)


def _default_editor() -> str:
    return os.environ.get("NEWSGEN_EDITOR") or os.environ.get("USER") or ""


def editor_option(command):
    return click.option("--editor", default=_default_editor,
                        help="Your name, or your account's [default: $NEWSGEN_EDITOR or $USER]; "
                             "with accounts, its password is asked for "
                             "(or read from $NEWSGEN_EDITOR_PASSWORD).")(command)


def _acting(store, editor: str) -> str:
    """Who the action is recorded as: `editor`, or once there are accounts the
    account, after its password (prompt, or $NEWSGEN_EDITOR_PASSWORD)."""
    from newsgen.errors import NewsgenError
    from newsgen.review.accounts import PASSWORD_ENV, password_from_env
    editor = " ".join((editor or "").split())
    if not editor:
        raise NewsgenError("say who you are: --editor NAME")
    if not store.accounts.exist():
        return editor
    password = password_from_env()
    if password is None:
        try:
            password = click.prompt(f"password for {editor}", hide_input=True, err=True)
        except click.exceptions.Abort:
            raise NewsgenError(f"the review database has editors' accounts: give {editor}'s "
                               f"password at the prompt or in ${PASSWORD_ENV}") from None
    return store.accounts.login(editor, password)


@click.group(context_settings=CONTEXT_SETTINGS)
def review():
    """Review drafts before they go out: list, show, edit, approve, reject, withdraw, serve.

    Every built article is a draft in the review database; feeds carry only
    approved stories.

    \b
    Example:
      newsgen review list --status draft
    """


@review.command("list", context_settings=CONTEXT_SETTINGS)
@click.option("--status", help="draft, approved, rejected or published (or stale, edited).")
@click.option("--story", metavar="KIT", help="Only this story kit.")
@click.option("--force", "force", metavar="NAME", help="Only this force, e.g. Derbyshire.")
@click.option("--flag", help="Only drafts with this flag, e.g. big-change.")
@db_option
@_reports_errors
def list_cmd(status, story, force, flag, db):
    """The drafts, a line each: id, status, force, story, flags, headline.

    \b
    Example:
      newsgen review list --status draft --story child-abuse-images
    """
    from newsgen.review.drafts import current_text
    with _store(db) as store:
        rows = store.list(status=status, story=story, force=force, flag=flag)
        for r in rows:
            marks = ("stale " if r["stale"] else "") + ("edited " if r["edited_text"] else "")
            flags = ",".join(json.loads(r["flags"])) or "-"
            headline = current_text(r).split("\n", 1)[0]
            click.echo(f"{r['id']:>4}  {r['status']:9} {r['force']:22} {r['kit']:20} "
                       f"{marks}{flags}  {headline}")
        click.echo(f"{len(rows)} drafts")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@db_option
@_reports_errors
def show(draft_id, db):
    """One draft: status, flags, the text to be published, and its figures.

    \b
    Example:
      newsgen review show 3
    """
    from newsgen.review.drafts import current_text
    from newsgen.review.flags import FLAGS
    with _store(db) as store:
        r = store.get(draft_id)
        click.echo(f"draft {r['id']}  {r['key']}  status {r['status']}  version {r['version']}"
                   + ("  STALE" if r["stale"] else "") + ("  edited" if r["edited_text"] else ""))
        for flag in json.loads(r["flags"]):
            click.echo(f"flag: {flag}: {FLAGS.get(flag, '')}")
        click.echo("")
        click.echo(current_text(r))
        problems = store.check(draft_id).problems
        if problems:
            from newsgen.review.checks import summary
            click.echo(f"Fact check: {len(problems)} problem(s); approving needs --override REASON")
            click.echo("  " + summary(problems).replace("\n", "\n  "))
        else:
            click.echo("Fact check: every number matches the figures.")
        click.echo("Figures:")
        for name, fact in json.loads(r["facts"]).items():
            if isinstance(fact.get("value"), (dict, list)):
                continue
            where = "; ".join(f"{s['file']}:{s['line']} {s['column']}" for s in fact.get("sources", []))
            click.echo(f"  {name:20} {fact.get('value')!s:24} {where}")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("ids", type=int, nargs=-1, required=True)
@click.option("--editor", required=True,
              help="Your name, for the log; with accounts, your account's (its password is "
                   "asked for, or read from $NEWSGEN_EDITOR_PASSWORD).")
@click.option("--note", default="", help="A note for the log.")
@click.option("--override", metavar="REASON", default="",
              help="Approve text that fails the fact check, saying why (the log keeps it).")
@db_option
@_reports_errors
def approve(ids, editor, note, override, db):
    """Approve drafts: the next build publishes them in the feeds.

    All or none: if any id is unknown or any text fails the fact check, none
    is approved. Text that fails the check (a number no figure bears out, a
    hedge that is not true, template residue) needs --override REASON.

    \b
    Example:
      newsgen review approve 3 4 7 --editor "Sam Jones"
    """
    from newsgen.errors import NewsgenError
    from newsgen.review.checks import summary
    from newsgen.review.drafts import CheckFailed, NotApproved
    with _store(db) as store:
        who = _acting(store, editor)
        try:
            outcomes = store.approve(ids, who, note, override)
        except (NotApproved, CheckFailed) as exc:
            refusals = exc.refusals if isinstance(exc, NotApproved) else [exc]
            for refusal in refusals:
                if isinstance(refusal, CheckFailed):
                    click.echo(f"draft {refusal.draft_id}: the fact check finds:", err=True)
                    click.echo("  " + summary(refusal.problems).replace("\n", "\n  "), err=True)
            hint = " (or --override REASON)" if any(isinstance(r, CheckFailed)
                                                    for r in refusals) else ""
            raise NewsgenError(f"{exc}{hint}") from None
    done = [str(i) for i, what in outcomes if what == "approved"]
    click.echo(f"approved {len(done)} draft(s)" + (f": {' '.join(done)}" if done else ""))
    for i, what in outcomes:
        if what != "approved":
            click.echo(f"draft {i} was {what}: nothing to do")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@click.option("--note", required=True, help="Why it is rejected.")
@editor_option
@db_option
@_reports_errors
def reject(draft_id, note, editor, db):
    """Reject a draft, saying why; it stays out of the feeds (a story that is
    out is withdrawn: see withdraw).

    \b
    Example:
      newsgen review reject 5 --note "figures restated by the force"
    """
    with _store(db) as store:
        store.reject(draft_id, _acting(store, editor), note)
    click.echo(f"rejected draft {draft_id}")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@click.option("--reason", required=True, help="Why it is withdrawn: outlets are told.")
@editor_option
@db_option
@_reports_errors
def withdraw(draft_id, reason, editor, db):
    """Withdraw a published story: the next build (or Publish on the review
    page) puts a withdrawal notice, with the reason, in every feed that
    carried it, marks its ninjs item canceled and replaces its page.

    \b
    Example:
      newsgen review withdraw 5 --reason "the force restated its figures"
    """
    from newsgen.review.drafts import ReviewError
    with _store(db) as store:
        row = store.get(draft_id)
        if not row["published_version"]:
            raise ReviewError(f"draft {draft_id} has not gone out: reject it instead "
                              "(newsgen review reject)")
        if row["status"] == "rejected":
            raise ReviewError(f"draft {draft_id} is withdrawn already")
        store.reject(draft_id, _acting(store, editor), reason)
    click.echo(f"withdrew draft {draft_id}: the next build or publish tells outlets")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@editor_option
@click.option("--note", default="", help="A note for the log.")
@db_option
@_reports_errors
def edit(draft_id, editor, note, db):
    """Edit a draft's text in $EDITOR: headline, blank line, standfirst, paragraphs.

    The saved text is fact-checked; what fails is listed (approving it then
    needs --override REASON). If someone else saves the draft while you
    edit, your save is refused with a conflict message and your text is kept
    in the draft's log.

    \b
    Example:
      EDITOR=nano newsgen review edit 3
    """
    from newsgen.errors import NewsgenError
    from newsgen.review.checks import summary
    from newsgen.review.drafts import ConflictError, current_text
    with _store(db) as store:
        who = _acting(store, editor)
        r = store.get(draft_id)
        before = current_text(r)
        text = click.edit(before, extension=".txt", require_save=True)
        if text is None:
            click.echo("no change")
            return
        try:
            version = store.edit(draft_id, text, who, r["version"], note, base=before)
        except ConflictError as exc:
            raise NewsgenError(f"{exc}: your text was not saved; it is kept in the draft's log "
                               f"(newsgen review log {draft_id})") from None
        if version == r["version"]:
            click.echo("no change")
            return
        problems = store.check(draft_id).problems
    click.echo(f"saved draft {draft_id} (version {version})")
    if problems:
        click.echo(f"the fact check finds {len(problems)} problem(s); approving this text needs "
                   "--override REASON:", err=True)
        click.echo("  " + summary(problems).replace("\n", "\n  "), err=True)


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@db_option
@_reports_errors
def diff(draft_id, db):
    """What the editor changed (machine text vs edited); for a stale draft, also
    the figures that changed and how the machine text changed.

    \b
    Example:
      newsgen review diff 3
    """
    from newsgen.review.flags import figure_diff, text_diff
    with _store(db) as store:
        r = store.get(draft_id)
    if r["stale"]:
        click.echo("STALE: the figures changed since this draft was approved or edited")
        for name, a, b in figure_diff(json.loads(r["stale_facts"] or "{}"), json.loads(r["facts"])):
            click.echo(f"  {name}: {a!r} -> {b!r}")
        click.echo(text_diff(r["stale_machine_text"] or "", r["machine_text"],
                             "machine text (before)", "machine text (now)"), nl=False)
    if r["edited_text"]:
        click.echo(text_diff(r["machine_text"], r["edited_text"], "machine", "edited"), nl=False)
    elif not r["stale"]:
        click.echo("not edited")


@review.command(context_settings=CONTEXT_SETTINGS)
@click.argument("draft_id", type=int)
@db_option
@_reports_errors
def log(draft_id, db):
    """The draft's audit log: when, who, what, note.

    \b
    Example:
      newsgen review log 3
    """
    with _store(db) as store:
        for e in store.log(draft_id):
            click.echo(f"{e['at']}  {e['who']:16} {e['action']:9} {e['note']}")
            if e["detail"]:
                click.echo("    " + e["detail"].rstrip().replace("\n", "\n    "))


@review.command(context_settings=CONTEXT_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but localhost needs editors' accounts.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option("--password", default=None, hidden=True,
              help="Deprecated: a shared password, visible to anyone who lists processes.")
@click.option("--output", "-o", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The build's output folder, for the charts [default: the database's folder].")
@db_option
@_reports_errors
def serve(host, port, password, output, db):
    """The review web page: the queue, each draft beside its figures, edit,
    approve, reject and withdraw, and publish what editors released.

    Once editors have accounts (`newsgen review add-editor NAME`) the page
    asks each to log in, and records the account as the one who acted.

    \b
    Example:
      newsgen review serve --port 8765
    """
    from newsgen.build.publisher import Publisher
    from newsgen.review.server import make_server
    shared = password or os.environ.get("NEWSGEN_REVIEW_PASSWORD") or None
    with _store(db) as store:
        accounts = store.accounts.exist()
    if password:
        click.echo("newsgen: warning: --password is deprecated: anyone who lists this machine's "
                   "processes can read it; give editors accounts (newsgen review add-editor NAME)",
                   err=True)
    if shared and accounts:
        click.echo("newsgen: warning: the shared password is ignored: this database has editors' "
                   "accounts, and each editor logs in with their own", err=True)
    elif shared:
        click.echo("newsgen: warning: a shared password (deprecated) lets anyone who has it act "
                   "under any name; give editors accounts (newsgen review add-editor NAME)",
                   err=True)
    publisher = Publisher(output or Path(db).parent, db)
    server = make_server(db, host, port, shared, output, publisher)
    click.echo(f"review page on http://{host}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover
        pass
    finally:
        server.server_close()


def _new_password(name: str) -> str:
    from newsgen.review.accounts import password_from_env
    return password_from_env() or click.prompt(f"new password for {name}", hide_input=True,
                                               confirmation_prompt=True, err=True)


@review.command("add-editor", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--reset", is_flag=True, help="Change the password of an existing account.")
@db_option
@_reports_errors
def add_editor(name, reset, db):
    """Give an editor an account: the review page then asks every editor to
    log in, and the log names the account that acted.

    The password is asked for twice (or read from $NEWSGEN_EDITOR_PASSWORD);
    only a salted scrypt hash of it is kept, in the review database.

    \b
    Example:
      newsgen review add-editor "Sam Jones"
    """
    from newsgen.errors import NewsgenError
    from newsgen.review.accounts import check_name
    with _store(db) as store:
        name = check_name(name)
        existed = store.accounts.stored(name) is not None
        if existed and not reset:
            raise NewsgenError(f"there is already an account called {name!r}; "
                               "to change its password: --reset")
        added = store.accounts.add(name, _new_password(name), replace=reset)
    click.echo(f"{'changed the password of' if existed else 'added'} editor {added}")


@review.command("remove-editor", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@db_option
@_reports_errors
def remove_editor(name, db):
    """Remove an editor's account; the log keeps what they did.

    \b
    Example:
      newsgen review remove-editor "Sam Jones"
    """
    with _store(db) as store:
        removed = store.accounts.remove(name)
        left = len(store.accounts.names())
    click.echo(f"removed editor {removed}" + ("" if left else
                                              "; no accounts are left: the review page "
                                              "needs no login on this machine"))


@review.command(context_settings=CONTEXT_SETTINGS)
@db_option
@_reports_errors
def editors(db):
    """The editors' accounts, a name a line.

    \b
    Example:
      newsgen review editors
    """
    with _store(db) as store:
        names = store.accounts.names()
    for name in names:
        click.echo(name)
    click.echo(f"{len(names)} accounts")
