"""What the roll tells the apps above it, without importing them (see the layers in pyproject.toml)."""

from django.dispatch import Signal

# Sent in the transaction that writes memberships (admitted, changed, corrected or struck off), with `memberships`:
# the reports app keeps the admission records and their rollups up to date from it, in the same transaction (a
# receiver's error rolls the write back, as a direct call did).
memberships_changed = Signal()


def memberships_changed_send(*, memberships) -> None:
    memberships_changed.send(sender=None, memberships=list(memberships))
