"""Personal secrets (API tokens, calendar feed links) are stored as hashes, never in clear."""

import hashlib


def hash_key(raw: str) -> str:
    """Tokens are long random strings, so one SHA-256 is enough (no salt or slow hash needed to resist guessing)."""
    return hashlib.sha256(raw.encode()).hexdigest()
