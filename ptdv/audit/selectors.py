from django.db.models import QuerySet

from .models import Event


def events_for_target(*, target, limit: int = 50) -> QuerySet[Event]:
    """The history of one object; the caller has already checked the user may see it."""
    return Event.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related("actor")[
        :limit
    ]
