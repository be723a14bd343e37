"""Who calls the API: a personal token (Authorization: Bearer ptdv_…) or the pages' own session (CSRF checked).
Either way the caller acts as the user, with exactly the user's units and roles."""

import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from .models import ApiToken, hash_key

LAST_USED_EVERY = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.active()
            .select_related("user", "user__unit")
            .filter(key_hash=hash_key(token.strip()))
            .first()
        )
        if found is None or not found.user.is_active:
            raise AuthenticationError  # a token was sent and is wrong or revoked: 401, not the session's checks
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user


class PageSession(SessionAuth):
    """The pages' own calls: the session cookie and Django's CSRF check on writes."""

    def authenticate(self, request, key):
        user = request.user
        if user.is_authenticated and user.is_active:
            return user
        return None


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/min' → (120, 60). Periods: s, min, h, d."""
    count, _slash, period = rate.partition("/")
    seconds = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}[period]
    return int(count), seconds


class TokenRateThrottle(BaseThrottle):
    """A fixed-window counter in Django's cache, per token (per user for the pages' session calls).
    The limit is the setting PTDV_API_RATE_LIMIT, read on every request."""

    def _rate(self) -> tuple[int, int]:
        return parse_rate(settings.PTDV_API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        limit, period = self._rate()
        token = getattr(request, "api_token", None)
        ident = f"t{token.pk}" if token is not None else f"u{getattr(request.auth, 'pk', 'anon')}"
        key = f"ptdv-api-rate:{ident}:{int(time.time() // period)}"
        cache.add(key, 0, timeout=period + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=period + 1)
            count = 1
        return count <= limit

    def wait(self) -> float:
        _limit, period = self._rate()
        return period - time.time() % period
