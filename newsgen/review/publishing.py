"""The review page's Publish: a confirmation that lists what publishing would
change in the public tree (each story released, corrected, withdrawn or
held by its embargo), and publishing on the editor's say-so, without a
shell. The work is a publisher's (newsgen.build.publisher.Publisher),
handed to the review app by the command that starts it: this module only
asks it what would change and to publish, and shows the answers.
"""

from __future__ import annotations

import hashlib
import threading

from newsgen.review.drafts import ReviewError

_one_at_a_time = threading.Lock()   # a second click waits for the first publish


def _fingerprint(changes) -> str:
    """What the confirmation listed: publishing is refused if it changed since."""
    text = "\n".join(f"{c.draft_id}:{c.what}:{c.version}" for c in changes)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class Publishing:
    def __init__(self, app, publisher=None):
        self.app, self.publisher = app, publisher

    def handle(self, store, method: str, form: dict, ctx: dict) -> tuple[int, str]:
        """GET /publish: the confirmation; POST /publish: publish. The
        response's status and page."""
        if self.publisher is None:
            raise ReviewError("This review page cannot publish: it was started without the "
                              "build's output folder, so it does not know what to publish. "
                              "Whoever runs it can start it again with that folder.")
        changes = self.publisher.changes(store)
        listed = _fingerprint(changes)
        if method == "POST":
            given = (form.get("changes") or [""])[-1]
            if given != listed:
                return 409, self.page(ctx, changes, listed, message=(
                    "What publishing would change has changed since the page was opened "
                    "(another editor approved or withdrew a story): check the list again."))
            if not _one_at_a_time.acquire(timeout=1):
                return 409, self.page(ctx, changes, listed, message=(
                    "Another editor is publishing now; wait for it to finish, then look again."))
            try:
                outcome = self.publisher.run()
            finally:
                _one_at_a_time.release()
            status = 200 if outcome.status in (0, 3) else 500
            return status, self.app.page("published.html", ctx, outcome=outcome)
        return 200, self.page(ctx, changes, listed)

    def page(self, ctx, changes, listed, message: str = "") -> str:
        going = [c for c in changes if c.what != "held"]
        return self.app.page("publish.html", ctx, changes=changes, going=going,
                             held=[c for c in changes if c.what == "held"], listed=listed,
                             message=message)
