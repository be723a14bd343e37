"""Searches for persons stay out of URLs. A search box that may hold a citizen ID, a phone or a party card number
is sent by POST; the words are kept in the user's session under a short random key and the page redirects to
`?s=KEY`, so proxies' logs, the server's access log and the browser's history show the key, never the number.
The key is only good for its own session and for SEARCH_LIFETIME; pagination and filters carry it like any other
parameter. A search typed into the URL as `?q=` still works for names; with digits in it, it is refused (the page
says how to search), so no link or bookmark of the system ever carries an identifier."""

import secrets
import string
import time

SESSION_KEY = "ptdv-searches"
SEARCH_LIFETIME = 2 * 3600  # seconds
SEARCHES_KEPT = 20  # per session: the latest ones
MAX_LENGTH = 100


def clean_query(text: str) -> str:
    """The words of a search box: no NUL (PostgreSQL refuses it), spaces collapsed, bounded."""
    return " ".join((text or "").replace("\x00", " ").split())[:MAX_LENGTH]


def has_identifier(text: str) -> bool:
    """Does the search hold a number (citizen ID, phone, card number, or part of one)? Names have no digits."""
    return any(character.isdigit() for character in text)


def search_stash(request, query: str) -> str:
    """Keep `query` in the session; the key to put in the URL instead."""
    now = time.time()
    kept = {
        key: entry
        for key, entry in request.session.get(SESSION_KEY, {}).items()
        if isinstance(entry, list) and len(entry) == 2 and now - entry[1] < SEARCH_LIFETIME
    }
    key = "".join(secrets.choice(string.ascii_letters) for _ in range(12))  # no digit in a URL of a search
    kept[key] = [clean_query(query), now]
    newest = sorted(kept.items(), key=lambda item: item[1][1])[-SEARCHES_KEPT:]
    request.session[SESSION_KEY] = dict(newest)
    return key


def search_lookup(request, key: str) -> str | None:
    """The query kept under `key` in this session, or None (unknown, another session's, or expired)."""
    entry = request.session.get(SESSION_KEY, {}).get(key or "")
    if not isinstance(entry, list) or len(entry) != 2 or time.time() - entry[1] >= SEARCH_LIFETIME:
        return None
    return entry[0]
