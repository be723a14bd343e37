"""What core (the ground floor) asks the domain apps without importing them: the apps fill these registries in
their `AppConfig.ready`, and core reads them.

- navigation counts: a number beside a navigation entry (the key is the entry's key, see context_processors), or
  the header's unread count (key `UNREAD`);
- event labels: an audit event's action in the user's language, per action prefix (`dossier.…`);
- page contexts: parts of a page that other apps fill (the profile page, in accounts, shows the API tokens);
- exporters: a list's file written by the app that owns its format (the pool page's export is exchange's `people`
  format: the page, in people, asks for the `pool` exporter)."""

from collections.abc import Callable
from typing import Any

UNREAD = "unread"

_navigation_counts: dict[str, Callable[..., int]] = {}
_event_labels: dict[str, Callable[[str], str]] = {}
_exporters: dict[str, Callable[..., Any]] = {}
_page_contexts: dict[str, list[Callable[..., dict]]] = {}


def navigation_count_register(key: str, count: Callable[..., int]) -> None:
    """`count(user=...)` is shown beside the navigation entry `key` (or as the unread count for `UNREAD`)."""
    _navigation_counts[key] = count


def navigation_count(key: str, *, user: Any) -> int | None:
    """The registered count for `key`, or None when no app gave one."""
    count = _navigation_counts.get(key)
    return None if count is None else count(user=user)


def event_label_register(prefix: str, label: Callable[[str], str]) -> None:
    """`label(name)` names the actions `prefix.name` of the audit events."""
    _event_labels[prefix] = label


def event_label(action: str) -> str | None:
    """The registered label of an audit event's action, or None when no app names its prefix."""
    prefix, _sep, name = action.partition(".")
    label = _event_labels.get(prefix)
    return None if label is None else label(name)


def exporter_register(kind: str, export: Callable[..., Any]) -> None:
    """`export(queryset)` answers the file (an HttpResponse) of the list `kind`."""
    _exporters[kind] = export


def exporter(kind: str) -> Callable[..., Any]:
    """The registered exporter of `kind` (KeyError when no app gives one: a wiring mistake, not a user's)."""
    return _exporters[kind]


def page_context_register(page: str, context: Callable[..., dict]) -> None:
    """`context(user)` adds its part to the page `page` (e.g. "profile")."""
    _page_contexts.setdefault(page, []).append(context)


def page_context(page: str, user: Any) -> dict:
    """The parts the apps add to `page` for `user`, merged."""
    merged: dict = {}
    for context in _page_contexts.get(page, []):
        merged.update(context(user))
    return merged
