"""The queue and the activity page of the review page: the drafts a page of
50 at a time, filtered, sorted and searched with everything in the address
(newsgen.review.listing reads them), each with its last action, editor and
time; bulk approval of the ticked drafts; and every decision across drafts,
by editor, story and action. The web app (newsgen.review.web) checks the
Host, the login and the CSRF token of every form before a request gets here.
"""

from __future__ import annotations

from urllib.parse import urlencode

from newsgen.review import listing
from newsgen.review.drafts import NotApproved, ReviewError
from newsgen.review.forms import chosen_drafts, editor_for
from newsgen.review.search import OPERATORS

WINDOW = 3   # page links either side of the current page


class QueuePages:
    def __init__(self, app, response, redirect):
        self.app = app
        # the web app's own Response and redirect (it imports this module)
        self.response, self.redirect = response, redirect

    def route(self, store, method, path, query, form, ctx):
        """The response to a request for the queue, its bulk approval or the
        activity page, or None (not one of these)."""
        if method == "GET" and path == "/":
            return self.response(200, self.queue(store, query, ctx))
        if method == "POST" and path == "/approve":
            return self.bulk_approve(store, form, ctx)
        if method == "GET" and path == "/activity":
            return self.response(200, self.activity(store, query, ctx))
        return None

    # -- pages

    def queue(self, store, params, ctx) -> str:
        query = listing.QueueQuery.from_params(params)
        result = listing.queue_page(store.db, query)
        forces, more_forces = listing.forces(store.db, query.story)

        def url(**change) -> str:
            return _address("/", query.params(**change))

        columns = {}   # column heading -> (its sort's address, aria-sort)
        for sort in listing.SORTS:
            if sort == query.sort:
                flip = "desc" if query.direction == "asc" else "asc"
                columns[sort] = (url(sort=sort, order=flip, page=1),
                                 "ascending" if query.direction == "asc" else "descending")
            else:
                columns[sort] = (url(sort=sort, order="", page=1), None)
        return self.app.page(
            "queue.html", ctx, result=result, query=query, url=url, columns=columns,
            pages=_page_links(result.page, result.pages, url),
            first=(result.page - 1) * listing.PAGE_SIZE + 1, stories=listing.stories(store.db),
            forces=forces, more_forces=more_forces, sorts=listing.SORT_LABELS,
            statuses=listing.QUEUE_STATUSES, operators=OPERATORS,
            hidden=query.params(), skipped=self.app.skipped())

    def activity(self, store, params, ctx) -> str:
        get = {k: " ".join(params.get(k, "").split()) for k in ("editor", "story", "action", "page")}
        try:
            page = max(1, int(get["page"] or 1))
        except ValueError:
            raise ReviewError(f"page {get['page']!r} is not a page number") from None
        result = listing.activity_page(store.db, get["editor"], get["story"], get["action"], page)
        filters = {k: get[k] for k in ("editor", "story", "action")}

        def url(**change) -> str:
            chosen = {**filters, **{k: str(v) for k, v in change.items()}}
            return _address("/activity", {k: v for k, v in chosen.items()
                                          if v and (k, v) != ("page", "1")})

        return self.app.page(
            "activity.html", ctx, result=result, filters=filters, url=url,
            pages=_page_links(result.page, result.pages, url),
            first=(result.page - 1) * listing.PAGE_SIZE + 1, editors=listing.editors(store.db),
            stories=listing.stories(store.db), actions=listing.actions(store.db))

    # -- actions

    def bulk_approve(self, store, form, ctx, back: str | None = None):
        """Approve the ticked drafts, each only as it was when the page was
        shown, and all or none (ReviewStore.approve_many); back to `back`
        (a path of this site), or to the queue as it was filtered, sorted
        and paged."""
        if back is None:
            kept = {k: (form.get(k) or [""])[-1] for k in listing.QueueQuery.KEYS}
            back = _address("/", {k: v for k, v in kept.items() if v})
        chosen = chosen_drafts(form)
        editor = editor_for(form, ctx)
        flash = self.app.flash
        if not chosen:
            flash(ctx["session"], "nothing chosen to approve")
            return self.redirect(back)
        try:
            outcomes = store.approve_many(chosen, editor, "bulk approval")
        except NotApproved as exc:
            flash(ctx["session"], f"{exc}. Nothing was approved: untick those, or open "
                                  "them, and approve again")
            return self.redirect(back)
        done = [str(i) for i, what in outcomes if what == "approved"]
        message = f"approved {len(done)} draft(s)" + (f": {', '.join(done)}" if done else "")
        for what in ("already approved", "already published"):
            ids = [str(i) for i, w in outcomes if w == what]
            if ids:
                message += f"; {what}: {', '.join(ids)}"
        flash(ctx["session"], message)
        return self.redirect(back)


def _address(path: str, params: dict[str, str]) -> str:
    return path + ("?" + urlencode(params) if params else "")


def _page_links(page: int, pages: int, url) -> list[tuple[str, str | None]]:
    """(label, address or None for the current page / a gap) for the page
    links: the first, the last, and WINDOW either side of this one."""
    shown = sorted({1, pages, *range(max(1, page - WINDOW), min(pages, page + WINDOW) + 1)})
    links, before = [], 0
    for n in shown:
        if n > before + 1:
            links.append(("…", None))
        links.append((f"{n:,}", None if n == page else url(page=n)))
        before = n
    return links
