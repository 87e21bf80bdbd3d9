"""Editors' accounts: who may act on drafts, so the log names a person who
logged in, not a name anyone could type.

Each account is a name and a salted scrypt hash of its password (the
standard library's hashlib.scrypt; the password itself is never stored),
kept in the review database's ``editors`` table. While the table is empty
the review tools work as before (a name per action, no login); once an
account exists, every action needs one: the review page asks for a login and
records the account, and the command line asks for the account's password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import threading

from newsgen.review.drafts import ReviewError

# scrypt's cost: 2**14 x 8 blocks is 16 MiB and about 0.1 s a check here, so
# guessing is slow; the review page remembers a login it has checked (below).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1
MIN_PASSWORD = 10
PASSWORD_ENV = "NEWSGEN_EDITOR_PASSWORD"


def hash_password(password: str) -> str:
    """'scrypt$N$r$p$salt$hash', salt and hash in base64."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    b64 = lambda b: base64.b64encode(b).decode("ascii")  # noqa: E731
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt)}${b64(digest)}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        given = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(given, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=128 * r * (n + p + 2), dklen=32)


def check_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ReviewError("an account needs a name")
    if len(name) > 100:
        raise ReviewError("an account name may have at most 100 characters")
    if ":" in name:   # HTTP Basic login cannot carry it
        raise ReviewError(f"account name {name!r}: ':' cannot be used in a login name")
    if name.lower() == "build":
        raise ReviewError("'build' is the name the log gives to builds; choose another")
    return name


def check_password(password: str) -> str:
    if len(password or "") < MIN_PASSWORD:
        raise ReviewError(f"a password needs at least {MIN_PASSWORD} characters")
    return password


class Accounts:
    """The accounts in one review database (a ReviewStore's connection)."""

    def __init__(self, store):
        self.store = store

    def exist(self) -> bool:
        return self.store.db.execute("SELECT 1 FROM editors LIMIT 1").fetchone() is not None

    def names(self) -> list[str]:
        return [r[0] for r in self.store.db.execute("SELECT name FROM editors ORDER BY name")]

    def add(self, name: str, password: str, replace: bool = False) -> str:
        name, stored = check_name(name), hash_password(check_password(password))
        with self.store.transaction() as db:
            row = db.execute("SELECT name FROM editors WHERE name = ?", (name,)).fetchone()
            if row is not None and not replace:
                raise ReviewError(f"there is already an account called {row[0]!r}")
            if row is not None:
                db.execute("UPDATE editors SET password = ? WHERE name = ?", (stored, name))
            else:
                db.execute("INSERT INTO editors (name, password, created) VALUES (?, ?, ?)",
                           (name, stored, _now()))
        return name if row is None else row[0]

    def remove(self, name: str) -> str:
        with self.store.transaction() as db:
            row = db.execute("SELECT name FROM editors WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise ReviewError(f"no account called {name!r}")
            db.execute("DELETE FROM editors WHERE name = ?", (name,))
        return row[0]

    def stored(self, name: str) -> tuple[str, str] | None:
        """(the account's own spelling of its name, its password hash), or None."""
        row = self.store.db.execute("SELECT name, password FROM editors WHERE name = ?",
                                    (" ".join((name or "").split()),)).fetchone()
        return (row[0], row[1]) if row else None

    def login(self, name: str, password: str) -> str:
        """The account's name if the password is its own; else ReviewError,
        the same for an unknown name as for a wrong password."""
        found = self.stored(name)
        if found is None or not password_matches(password, found[1]):
            raise ReviewError(f"{name!r}: no such account, or a wrong password")
        return found[0]

    def account_for(self, editor: str) -> str | None:
        """The account an action by `editor` is recorded under: None while
        there are no accounts; ReviewError for a name that is not one."""
        if not self.exist():
            return None
        found = self.stored(editor)
        if found is None:
            raise ReviewError(f"{editor!r} is not an editor's account; "
                              "each editor logs in with their own")
        return found[0]


class LoginCache:
    """Logins the review page has checked, so a page's requests do not each
    cost a scrypt: keyed by a keyed hash of the name, the password and the
    stored hash, so a changed password or a removed account no longer matches."""

    def __init__(self):
        self.key = secrets.token_bytes(32)
        self.known: dict[bytes, str] = {}
        self.lock = threading.Lock()
        # two checks at a time: each takes 16 MiB, and a flood of wrong
        # passwords must not take the machine's memory with it
        self.checking = threading.BoundedSemaphore(2)

    def login(self, accounts: Accounts, name: str, password: str) -> str | None:
        found = accounts.stored(name)
        if found is None:
            return None
        token = hmac.new(self.key, "\0".join((found[0], password, found[1])).encode(),
                         hashlib.sha256).digest()
        with self.lock:
            if token in self.known:
                return self.known[token]
        with self.checking:
            if not password_matches(password, found[1]):
                return None
        with self.lock:
            if len(self.known) > 1000:
                self.known.clear()
            self.known[token] = found[0]
        return found[0]


def password_from_env() -> str | None:
    return os.environ.get(PASSWORD_ENV) or None


def _now() -> str:
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
