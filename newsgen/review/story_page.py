"""The story view on the review page: one story and period, every area in
one table (headline, angle, lead figure, flags, status), the flagged and
outlying drafts first (newsgen.review.story_rows says what outlying means);
choose all, the flagged or the unflagged, and approve or reject them in one
action after a page that sums up what will happen. Approval goes through the
queue's own all-or-none bulk approve (ReviewApp.bulk_approve); rejection
through ReviewStore.reject_many, all or none too. The web app
(newsgen.review.web) checks the Host, the login and the CSRF token of every
request before it gets here.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from newsgen.paths import DRAFTS
from newsgen.review.drafts import NotApproved, ReviewError
from newsgen.review.forms import chosen_drafts, editor_for
from newsgen.review.story_rows import StoryRows, periods

_PATH = re.compile(r"/story/([a-z0-9][a-z0-9-]*)(?:/(confirm|approve|reject))?")
# column -> the row's value it sorts by; "" is the desk's order (outlying, then flagged: story_rows.judge)
SORTS = {
    "force": lambda r: r["force"].lower(),
    "headline": lambda r: r["headline"].lower(),
    "angle": lambda r: r["angle"],
    "lead": lambda r: (r["lead"] is None, r["lead"] if isinstance(r["lead"], (int, float)) else 0),
    "flags": lambda r: (-len(r["flags"]) - len(r["outlying"]), r["force"].lower()),
    "status": lambda r: (r["status"], r["force"].lower()),
}
CHOICES = ("all", "flagged", "unflagged", "none")
# Rows shown at once: every area of a story of 43 forces or 391 local areas
# in one table; a story of thousands in pages of this many, in the same
# order (choosing all, or all flagged, still chooses across every page).
PAGE = 500
LISTED = 200         # drafts the summary names one by one (it counts them all)


class StoryPage:
    def __init__(self, app, response, redirect):
        self.app = app
        # the web app's own Response and redirect (it imports this module)
        self.response, self.redirect = response, redirect
        self.stories = StoryRows()

    def route(self, store, method, path, query, form, ctx):
        """The response to a request under /story/, or None (not found)."""
        m = _PATH.fullmatch(path)
        if not m:
            return None
        kit, action = m.group(1), m.group(2)
        if method == "GET" and action is None:
            return self.response(200, self.table(store, kit, query, ctx))
        if method != "POST" or action is None:
            return None
        period = _one(form, "period")
        back = f"/story/{kit}?" + urlencode({"period": period})
        if action == "confirm":
            return self.confirm(store, kit, period, form, ctx, back)
        if action == "approve":
            return self.app.bulk_approve(store, form, ctx, back=back)
        return self.reject(store, form, ctx, back)

    # -- pages

    def rows(self, store, kit: str, period: str) -> list[dict]:
        return self.stories.drafts(store, self.app.output / DRAFTS / kit, kit, period)

    def table(self, store, kit, query, ctx) -> str:
        known = periods(store, kit)
        if not known:
            raise ReviewError(f"no drafts of a story called {kit!r}")
        period = query.get("period") or known[0]
        rows = self.rows(store, kit, period)
        sort = query.get("sort", "")
        column, descending = sort.lstrip("-"), sort.startswith("-")
        if column in SORTS:
            rows.sort(key=SORTS[column], reverse=descending)
        else:
            sort = ""
        choose = query.get("select", "")
        chosen = {r["id"]: r["version"] for r in rows
                  if choose == "all" or (choose == "flagged" and (r["flags"] or r["outlying"]))
                  or (choose == "unflagged" and not (r["flags"] or r["outlying"]))}
        pages = max(1, -(-len(rows) // PAGE))
        page = min(max(_number(query.get("page")), 1), pages)
        shown = rows[(page - 1) * PAGE:page * PAGE]
        elsewhere = [(i, v) for i, v in chosen.items() if i not in {r["id"] for r in shown}]
        return self.app.page("story.html", ctx, kit=kit, period=period, periods=known, rows=shown,
                             total=len(rows), sort=sort, chosen=chosen, choices=CHOICES,
                             elsewhere=elsewhere, page=page, pages=pages, select=choose, PAGE_ROWS=PAGE,
                             standing_out=sum(1 for r in rows if r["flags"] or r["outlying"]))

    def confirm(self, store, kit, period, form, ctx, back):
        """What approving or rejecting the chosen drafts will do, before it is done."""
        action = _one(form, "action")
        if action not in ("approve", "reject"):
            raise ReviewError("choose whether to approve or reject the chosen drafts")
        chosen = dict(chosen_drafts(form))
        if not chosen:
            self.app.flash(ctx["session"], f"nothing chosen to {action}")
            return self.redirect(back)
        rows = [r for r in self.rows(store, kit, period) if r["id"] in chosen]
        missing = sorted(set(chosen) - {r["id"] for r in rows})
        if missing:
            raise ReviewError("the form names drafts that are not of this story: "
                              + ", ".join(map(str, missing)))
        done = ("approved", "published") if action == "approve" else ("rejected",)
        for r in rows:
            r["seen_version"] = chosen[r["id"]]
            r["changed"] = r["version"] != chosen[r["id"]]
            r["unchanged"] = r["status"] in done and not r["stale"]
        return self.response(200, self.app.page(
            "story_confirm.html", ctx, kit=kit, period=period, action=action, rows=rows,
            listed=rows[:LISTED],
            back=back, changed=sum(r["changed"] for r in rows),
            flagged=sum(1 for r in rows if r["flags"] or r["outlying"]),
            unchanged=sum(r["unchanged"] for r in rows),
            published=sum(1 for r in rows if r["published_version"] and action == "reject")))

    def reject(self, store, form, ctx, back):
        editor = editor_for(form, ctx)
        chosen = chosen_drafts(form)
        if not chosen:
            self.app.flash(ctx["session"], "nothing chosen to reject")
            return self.redirect(back)
        try:
            outcomes = store.reject_many(chosen, editor, _one(form, "note"))
        except NotApproved as exc:
            self.app.flash(ctx["session"], f"{exc}. Nothing was rejected: choose again from "
                                           "the story as it is now")
            return self.redirect(back)
        done = [str(i) for i, what in outcomes if what == "rejected"]
        message = f"rejected {len(done)} draft(s)"
        already = [str(i) for i, what in outcomes if what != "rejected"]
        if already:
            message += f"; already rejected: {', '.join(already)}"
        self.app.flash(ctx["session"], message)
        return self.redirect(back)


def _number(text) -> int:
    return int(text) if text and text.isdigit() and len(text) < 7 else 1


def _one(form, name: str) -> str:
    return (form.get(name) or [""])[-1]
