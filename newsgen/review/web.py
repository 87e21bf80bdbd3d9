"""The review web page: a small local server over the review store.

Server-rendered Jinja2 pages (autoescaped), no JavaScript. Every POST carries
a CSRF token tied to a session cookie; the server binds to 127.0.0.1 unless
told otherwise, and anywhere else it requires a password (HTTP Basic).
The HTTP server itself is newsgen.review.server; the linking of a text's
numbers to its facts, newsgen.review.numbers.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

import jinja2

from newsgen.errors import NewsgenError
from newsgen.hosts import host_name, is_loopback
from newsgen.paths import DRAFTS, SKIPPED_FILE
from newsgen.review.accounts import LoginCache
from newsgen.review.checks import describe
from newsgen.review.drafts import (STATUSES, ConflictError, ReviewError, current_text,
                                   normalise_text, parse_text)
from newsgen.review.flags import FLAGS, figure_diff, text_diff
from newsgen.review.forms import NO_NAME, local_path
from newsgen.review.leads_page import LeadsPage
from newsgen.review.merge import marked, merge3
from newsgen.review.numbers import cells_for, fact_entry, full_fact, link_numbers
from newsgen.review.publishing import Publishing
from newsgen.review.preview import Preview
from newsgen.review.queue_page import QueuePages
from newsgen.review.store import ReviewStore
from newsgen.review.story_page import StoryPage

TEMPLATES = Path(__file__).resolve().parent / "templates"   # the review page's own
KEYS_JS = Path(__file__).resolve().parent / "static" / "keys.js"   # the keyboard (j, k, a, r, e, ?)
SESSION_COOKIE = "newsgen_review"
EDITOR_COOKIE = "newsgen_editor"
SECURITY_HEADERS = {
    # the one script is the keyboard's, served from the package (static/keys.js)
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; "
                               "img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


# --- the application ----------------------------------------------------------------

class Response:
    def __init__(self, status=200, body="", headers=None, content_type="text/html; charset=utf-8"):
        self.status, self.body = status, body
        self.headers = {"Content-Type": content_type, **SECURITY_HEADERS, **(headers or {})}


def redirect(location: str, headers=None) -> Response:
    return Response(303, "", {"Location": location, **(headers or {})})


class ReviewApp:
    def __init__(self, db: Path, password: str | None = None, output: Path | None = None,
                 public: bool = False, publisher=None):
        self.db = Path(db)
        self.public = public       # listening beyond this machine: never without a login
        self.password = password   # a shared password (deprecated: accounts name each editor)
        self.publishing = Publishing(self, publisher)   # /publish (newsgen.review.publishing)
        # where the build wrote articles and charts; by default the DB's folder
        self.output = Path(output) if output else self.db.parent
        self.secret = secrets.token_bytes(32)
        self.logins = LoginCache()
        self.flashes: dict[str, str] = {}   # session -> the message its next page shows
        self.lock = threading.Lock()
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            autoescape=True, trim_blocks=True, lstrip_blocks=True)
        self.env.filters["show"] = _show_value
        self.env.globals.update(FLAGS=FLAGS, STATUSES=STATUSES)
        self.leads = LeadsPage(self, Response, redirect)   # /leads: newsgen.review.leads_page
        self.queues = QueuePages(self, Response, redirect)   # /, /activity: ...queue_page
        self.env.filters["when"] = _when
        self.story = StoryPage(self, Response, redirect)   # /story: newsgen.review.story_page
        self.preview = Preview(self.output)   # the draft as outlets will have it

    # -- auth and CSRF

    def login(self, store, headers) -> tuple[str | None, bool]:
        """(who, logged in): the account or login name, or '' where no login is
        needed (this machine only, no accounts, no password); None: refuse."""
        accounts = store.accounts
        if not accounts.exist() and not self.password:
            # the Host header is the client's word: on a public address it
            # cannot stand in for a login (say the accounts were all removed)
            return (None, True) if self.public else ("", False)
        auth = headers.get("Authorization", "")
        if not auth.startswith("Basic "):
            return None, True
        try:
            user, _, given = base64.b64decode(auth[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None, True
        if accounts.exist():   # each editor their own: the login is who acts
            return self.logins.login(accounts, user, given), True
        user = " ".join(user.split())
        if user and hmac.compare_digest(given.encode(), self.password.encode()):
            return user, True
        return None, True

    def csrf_token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    def flash(self, session: str, message: str) -> None:
        """A message for the session's next page (never from the address: a
        link cannot put words on the page)."""
        with self.lock:
            if len(self.flashes) > 10_000:
                self.flashes.clear()
            self.flashes[session] = message

    def flashed(self, session: str) -> str:
        with self.lock:
            return self.flashes.pop(session, "")

    # -- dispatch

    def handle(self, method: str, target: str, headers, body: bytes) -> Response:
        try:
            with ReviewStore(self.db) as store:
                return self._handle(store, method, target, headers, body)
        except NewsgenError as exc:   # the database itself
            return Response(500, f"{exc}\n", content_type="text/plain; charset=utf-8")

    def _handle(self, store, method, target, headers, body) -> Response:
        user, login = self.login(store, headers)
        if not login and not is_loopback(host_name(headers.get("Host", ""))):
            # without a login only this machine may talk to us: a page on another
            # site reaching 127.0.0.1 through a rebound DNS name is refused
            return Response(403, "refused: this review page answers only to localhost\n",
                            content_type="text/plain; charset=utf-8")
        if user is None:
            return Response(401, "login needed\n", {"WWW-Authenticate": 'Basic realm="newsgen review"'},
                            "text/plain; charset=utf-8")
        cookies = SimpleCookie(headers.get("Cookie", ""))
        session = cookies[SESSION_COOKIE].value if SESSION_COOKIE in cookies else ""
        set_cookie = {}
        if not re.fullmatch(r"[0-9a-f]{32}", session):
            session = secrets.token_hex(16)
            set_cookie["Set-Cookie"] = (f"{SESSION_COOKIE}={session}; Path=/; HttpOnly; "
                                        "SameSite=Strict")
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        form: dict[str, list[str]] = {}
        if method == "POST":
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            token = (form.get("csrf") or [""])[-1]
            if not session or "Set-Cookie" in set_cookie or \
                    not hmac.compare_digest(token, self.csrf_token(session)):
                return Response(403, "This form has expired or came from another page: "
                                "reload the page and try again.\n",
                                content_type="text/plain; charset=utf-8")
        if login:
            editor = user   # the login is the editor: no name box to type another
        else:
            editor = unquote(cookies[EDITOR_COOKIE].value) if EDITOR_COOKIE in cookies else ""
        ctx = {"csrf": self.csrf_token(session), "editor": editor, "login": login,
               "session": session}
        if method == "GET":
            ctx["message"] = self.flashed(session)
        try:
            response = self.route(store, method, url.path, query, form, ctx)
        except ReviewError as exc:
            response = Response(400, self.page("error.html", ctx, message=str(exc)))
        except NewsgenError as exc:
            response = Response(500, self.page("error.html", ctx, message=str(exc)))
        response.headers.update(set_cookie)
        return response

    def page(self, template: str, ctx: dict, **more) -> str:
        return self.env.get_template(template).render({"message": "", **ctx, **more})

    def route(self, store, method, path, query, form, ctx) -> Response:
        if path == "/leads" or path.startswith("/leads/"):
            response = self.leads.route(store, method, path, query, form, ctx)
            if response is not None:
                return response
        response = self.queues.route(store, method, path, query, form, ctx)
        if response is not None:   # /, /approve and /activity
            return response
        if path.startswith("/story/"):
            response = self.story.route(store, method, path, query, form, ctx)
            if response is not None:
                return response
        if method == "GET" and path == "/static/keys.js":
            return Response(200, KEYS_JS.read_text(encoding="utf-8"),
                            content_type="text/javascript; charset=utf-8")
        if method == "POST" and path == "/name":
            return self.remember_name(form, ctx)
        m = re.fullmatch(r"/draft/(\d+)(?:/(edit|approve|reject|resolve|fact/([\w.]+)))?", path)
        if method in ("GET", "POST") and path == "/publish":
            return Response(*self.publishing.handle(store, method, form, ctx))
        chart = re.fullmatch(r"/draft/(\d+)/chart\.svg", path)
        shown = re.fullmatch(r"/draft/(\d+)/as-published", path)
        if shown and method == "GET":
            article = self.preview.article(store.get(int(shown.group(1))))
            if article is None:
                raise ReviewError("no preview: the last build wrote no article for this draft's figures")
            return Response(200, self.preview.page(article))
        if chart and method == "GET":
            return self.chart(store, int(chart.group(1)))
        if m and method == "GET" and m.group(2) is None:
            return self.draft(store, int(m.group(1)), ctx)
        if m and method == "GET" and m.group(3):
            return self.fact(store, int(m.group(1)), m.group(3), ctx)
        if m and method == "POST" and m.group(2) in ("edit", "approve", "reject", "resolve"):
            return self.act(store, int(m.group(1)), m.group(2), form, ctx)
        if method not in ("GET", "POST"):
            return Response(405, "method not allowed\n", content_type="text/plain; charset=utf-8")
        return Response(404, self.page("error.html", ctx, message=f"no page {path}"))

    # -- pages

    def draft(self, store, draft_id, ctx, **more) -> Response:
        r = store.get(draft_id)
        facts = json.loads(r["facts"])
        text = parse_text(current_text(r))
        blocks = [("headline", text.headline), ("standfirst", text.standfirst)]
        blocks += [("p", p) for p in text.paragraphs]
        if text.notes:
            blocks += [("notes-heading", "Notes to editors")] + [("note", n) for n in text.notes]
        linked = [(kind, link_numbers(t, facts)) for kind, t in blocks]
        traced = sum(1 for _, segs in linked for s in segs if "facts" in s)
        untraced = sum(1 for _, segs in linked for s in segs if s.get("untraced"))
        used = {name.split(".")[0] for _, segs in linked for s in segs for name in s.get("facts", [])}
        fact_rows = [{"name": n, "value": f.get("value"), "how": f.get("how", ""),
                      "sources": f.get("sources", []), "used": n in used,
                      "cited_in": f.get("cited_in", ""), "cells": f.get("cells", 0),
                      "items": f.get("items", 0) if "value" not in f else 0}
                     for n, f in facts.items()]
        fact_rows.sort(key=lambda f: not f["used"])
        stale = None
        if r["stale"]:
            stale = {"figures": figure_diff(json.loads(r["stale_facts"] or "{}"), facts),
                     "text": text_diff(r["stale_machine_text"] or "", r["machine_text"],
                                       "machine text (before)", "machine text (now)")}
        edits = text_diff(r["machine_text"], r["edited_text"], "machine", "edited") \
            if r["edited_text"] else ""
        check = [describe(p) for p in store.check(draft_id).problems]
        article = self.preview.article(r)   # as published (newsgen.review.preview)
        preview = self.preview.feeds(r, article) if article else None
        return Response(more.pop("status", 200), self.page(
            "draft.html", ctx, d=_summary(r), blocks=linked, facts=fact_rows, stale=stale,
            edits=edits, log=store.log(draft_id), traced=traced, untraced=untraced,
            has_chart=self.chart_path(r) is not None, check=check, brief=self.brief(r),
            text=more.pop("text", None) or current_text(r), version=r["version"],
            base=current_text(r), conflict=more.pop("conflict", None),
            changed=more.pop("changed", None), preview=preview, **more))

    def skipped(self) -> list[dict]:
        """The areas the last build gave no article, and why (OUTPUT/.newsgen-skipped.json)."""
        try:
            rows = json.loads((self.output / SKIPPED_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []

    def chart_path(self, r) -> Path | None:
        """The chart the last build drew for this draft, if there is one."""
        from newsgen.publish.staging import safe_join
        try:
            path = safe_join(self.output / DRAFTS, f"{r['kit']}/{r['slug']}.svg")
        except ValueError:
            return None
        return path if path.is_file() else None

    def brief(self, r) -> dict | None:
        """The editor's brief (newsgen.words.brief) the last build wrote in
        this draft's JSON, if that build had the draft's figures."""
        doc = self.preview.document(r)
        if doc is None:
            return None
        brief = doc.get("brief")
        return brief if isinstance(brief, dict) and brief.get("angle") else None

    def chart(self, store, draft_id) -> Response:
        path = self.chart_path(store.get(draft_id))
        if path is None:
            return Response(404, "no chart for this draft\n", content_type="text/plain; charset=utf-8")
        return Response(200, path.read_text(encoding="utf-8"), content_type="image/svg+xml")

    def fact(self, store, draft_id, name, ctx) -> Response:
        r = store.get(draft_id)
        facts = json.loads(r["facts"])
        fact = fact_entry(facts, name)
        if fact is None:
            raise ReviewError(f"draft {draft_id} has no figure called {name!r}")
        fact = full_fact(store, r, fact)
        cells = cells_for(store, fact)
        return Response(200, self.page("fact.html", ctx, d=_summary(r), name=name, fact=fact,
                                       cells=cells, more=len(fact.get("sources", [])) - len(cells)))

    # -- actions

    def act(self, store, draft_id, action, form, ctx) -> Response:
        get = lambda k: (form.get(k) or [""])[-1]  # noqa: E731
        headers = {}
        if not ctx["login"]:   # no login: the name typed, remembered for the next form
            editor = " ".join(get("editor").split())
            if editor:
                headers["Set-Cookie"] = f"{EDITOR_COOKIE}={quote(editor)}; Path=/; SameSite=Strict"
                ctx = {**ctx, "editor": editor}
        editor = ctx["editor"]
        try:
            version = int(get("version"))
        except ValueError:
            raise ReviewError("the form has no draft version; reload the page") from None
        base = get("base")
        try:
            if not editor:
                raise ReviewError(NO_NAME)
            if action == "edit":
                before = store.get(draft_id)
                after = store.edit(draft_id, get("text"), editor, version, get("note"), base=base)
                message = "saved" if after != before["version"] else \
                    "no change: the text is as saved, so nothing was saved"
            elif action == "resolve":
                store.resolve(draft_id, get("choice"), editor, version, mine=get("mine"),
                              merged=get("text"), note=get("note"))
                message = {"theirs": "kept the saved text", "mine": "saved your text",
                           "merged": "saved the merged text"}[get("choice")]
            elif action == "approve":
                store.set_status(draft_id, "approved", editor, get("note"), version,
                                 override=get("override"))
                message = "approved"
            else:
                store.reject(draft_id, editor, get("note"), version)
                message = "rejected"
        except ConflictError as exc:
            if action == "edit":
                page = self.conflict(store, draft_id, ctx, exc, base, get("text"))
            elif action == "resolve":   # saved again meanwhile: merge the box with that too
                page = self.conflict(store, draft_id, ctx, exc, base, get("mine"), get("text"))
            else:
                theirs = current_text(store.get(draft_id))
                page = self.draft(store, draft_id, ctx, status=409, message=str(exc),
                                  changed=marked(base, theirs) if base else None)
            page.headers.update(headers)
            return page
        except ReviewError as exc:
            if action == "resolve":
                page = self.conflict(store, draft_id, ctx, None, base, get("mine"), get("text"),
                                     message=str(exc), status=400)
            else:
                page = self.draft(store, draft_id, ctx, status=400, message=str(exc),
                                  text=get("text") if action == "edit" else None)
            page.headers.update(headers)
            return page
        if message.startswith("saved") or action == "resolve":
            report = store.check(draft_id)
            if report.problems:
                message += (f"; the fact check finds {len(report.problems)} problem(s) in the "
                            "text (listed below): approving it needs a reason")
        self.flash(ctx["session"], message)
        return redirect(local_path(get("back")) or f"/draft/{draft_id}", headers)

    def remember_name(self, form, ctx) -> Response:
        """The one name field (no login): kept in a cookie, and every action
        after is recorded under it."""
        name = " ".join((form.get("editor") or [""])[-1].split())[:100]
        back = local_path((form.get("back") or [""])[-1]) or "/"
        if ctx["login"]:   # the login is the name: nothing to keep
            return redirect(back)
        if not name:
            self.flash(ctx["session"], NO_NAME)
            return redirect(back)
        self.flash(ctx["session"], f"every action is now recorded as {name}")
        return redirect(back, {"Set-Cookie": f"{EDITOR_COOKIE}={quote(name)}; Path=/; SameSite=Strict"})

    def bulk_approve(self, store, form, ctx, back: str | None = None) -> Response:
        """The queue's all-or-none approval of ticked drafts (newsgen.review.queue_page),
        for any page with such a form."""
        return self.queues.bulk_approve(store, form, ctx, back)

    def conflict(self, store, draft_id, ctx, exc, base, mine, box=None, message="",
                 status=409) -> Response:
        """Not saved: the text both started from (`base`), the text saved
        since and this editor's (`mine`), side by side with their changes
        marked, and a choice to make before anything is saved. The box to
        edit holds the two merged (newsgen.review.merge); on a page shown
        again, the editor's `box` merged with whatever was saved since."""
        row = store.get(draft_id)
        theirs = current_text(row)
        base = normalise_or(base, theirs)
        mine = normalise_or(mine, theirs)
        merged, clashes = merge3(base, normalise_or(box, mine) if box is not None else mine, theirs)
        columns = [("base", "The text you started from", marked(base, base)),
                   ("theirs", f"Saved since by {row['updated_by']} ({row['updated']})",
                    marked(base, theirs)),
                   ("mine", "Yours, not saved", marked(base, mine))]
        info = {"message": str(exc) if exc else "", "columns": columns, "mine": mine,
                "theirs": theirs, "clashes": clashes}
        return self.draft(store, draft_id, ctx, status=status, conflict=info, message=message,
                          text=merged)


def normalise_or(text: str, fallback: str) -> str:
    try:
        return normalise_text(text)
    except ReviewError:
        return fallback


def _summary(r) -> dict:
    return {"id": r["id"], "key": r["key"], "kit": r["kit"], "force": r["force"],
            "force_label": r["force_label"], "period": r["period"], "status": r["status"],
            "flags": json.loads(r["flags"]), "stale": bool(r["stale"]),
            "edited": r["edited_text"] is not None, "version": r["version"],
            "published_version": r["published_version"],
            "headline": current_text(r).split("\n", 1)[0], "updated": r["updated"],
            "updated_by": r["updated_by"]}


def _when(at: str) -> str:
    """A log's time as an editor reads it: '2026-11-30T06:41:42+00:00' -> '2026-11-30 06:41'."""
    return at[:16].replace("T", " ")


def _show_value(v) -> str:
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".")
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    if isinstance(v, list):
        return "; ".join(f"{i.get('category')}: {i.get('value')}" if isinstance(i, dict) else str(i)
                         for i in v) or "none"
    return "—" if v is None else str(v)
