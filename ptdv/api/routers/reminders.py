"""The user's work queue (Việc cần làm) as JSON: the same due items, in the same order, as the queue page
(reminders.selectors.user_queue)."""

import datetime
from typing import Literal

from ninja import Router, Schema

from ptdv.reminders import selectors

router = Router(tags=["reminders"])


class DueItemOut(Schema):
    key: str  # stable from day to day: the item and its deadline
    kind: str  # admission_decision, admission_ceremony, probation_end, recognition_cell, papers_fresh, ...
    label: str  # what must happen, in the request's language
    # member: a probationary member without a dossier; transfer: a letter awaiting receipt; residence: the
    # follow-up of a new member (introduction to the residence cell, the residence cell's yearly comments)
    subject: Literal["dossier", "candidate", "member", "transfer", "residence"]
    subject_id: int
    person_id: int
    person: str
    cell_id: int
    cell: str
    actor: Literal["cell", "grassroots", "competent"]
    unit_id: int  # the unit that must act
    unit: str
    step: str | None  # the dossier step that settles it (POST /dossiers/{id}/<step>), if any
    start: datetime.date
    due: datetime.date  # the last day on time
    state: Literal["upcoming", "due_today", "overdue"]
    days: int  # working days left (upcoming) or late (overdue)
    state_text: str
    length: str
    source: str  # the rule's document and section
    unconfirmed: bool
    reason: Literal["own", "escalated"]  # the user's unit acts, or the item is overdue too long just below it
    page: str  # the page where it is settled (or followed, when escalated)


class QueueOut(Schema):
    count: int
    items: list[DueItemOut]


@router.get("", response=QueueOut, summary="The user's work queue: what is due, most urgent first")
def due_items(request):
    user = request.auth
    items = []
    for entry in selectors.user_queue(user=user):
        item, reason = entry.item, selectors.entry_for_user(entry, user)
        items.append(
            {
                "key": item.key,
                "kind": item.kind,
                "label": str(item.deadline.label),
                "subject": item.subject,
                "subject_id": item.subject_id,
                "person_id": item.person_id,
                "person": item.person,
                "cell_id": entry.cell.pk,
                "cell": entry.cell.name,
                "actor": item.actor,
                "unit_id": entry.unit.pk,
                "unit": entry.unit.name,
                "step": item.step,
                "start": item.deadline.start,
                "due": item.due,
                "state": item.state,
                "days": item.days,
                "state_text": str(entry.state_text),
                "length": str(item.deadline.length),
                "source": item.deadline.source,
                "unconfirmed": item.deadline.unconfirmed,
                "reason": reason,
                "page": entry.detail_url if reason == "escalated" else entry.url,
            }
        )
    return {"count": len(items), "items": items}
