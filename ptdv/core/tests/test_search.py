"""The search keys of core/search.py: bound to their session, short-lived, few."""

import datetime

import time_machine
from django.test import RequestFactory

from ptdv.core import search


class Session(dict):
    modified = False


def request():
    made = RequestFactory().get("/")
    made.session = Session()
    return made


def test_a_key_gives_back_its_words_in_its_session_only():
    mine, theirs = request(), request()
    key = search.search_stash(mine, " 0013\x00 0000 0010 ")
    assert search.search_lookup(mine, key) == "0013 0000 0010"
    assert search.search_lookup(theirs, key) is None
    assert search.search_lookup(mine, "made-up") is None
    assert key.isalpha()  # not a digit of it reaches a URL


def test_a_key_expires():
    mine = request()
    with time_machine.travel(datetime.datetime(2026, 11, 22, 8, 0, tzinfo=datetime.UTC), tick=False):
        key = search.search_stash(mine, "dung")
    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 59, tzinfo=datetime.UTC), tick=False):
        assert search.search_lookup(mine, key) == "dung"
    with time_machine.travel(datetime.datetime(2026, 11, 22, 10, 1, tzinfo=datetime.UTC), tick=False):
        assert search.search_lookup(mine, key) is None


def test_the_session_keeps_the_latest_searches_only():
    mine = request()
    keys = [search.search_stash(mine, f"tim {n}") for n in range(search.SEARCHES_KEPT + 5)]
    assert len(mine.session[search.SESSION_KEY]) == search.SEARCHES_KEPT
    assert search.search_lookup(mine, keys[0]) is None and search.search_lookup(mine, keys[-1]) == "tim 24"


def test_identifiers_are_numbers():
    assert search.has_identifier("0912 345") and search.has_identifier("nguyen 1")
    assert not search.has_identifier("Đào Thị Dũng")
