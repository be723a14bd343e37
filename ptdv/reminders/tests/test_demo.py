"""The demo: the cell secretary has an overdue ceremony and a probation ending soon; inboxes have today's digest."""

import pytest
from django.core.management import call_command

from ptdv.accounts.models import User
from ptdv.reminders import selectors
from ptdv.reminders.models import Notification

pytestmark = pytest.mark.django_db


def test_the_demo_secretary_has_an_overdue_ceremony_and_a_probation_ending_soon():
    call_command("demo")
    secretary = User.objects.get(username="cb.cntt")
    queue = {(e.item.kind, e.item.state) for e in selectors.user_queue(user=secretary)}
    assert ("admission_ceremony", "overdue") in queue and ("probation_end", "upcoming") in queue
    escalated = selectors.user_queue(user=User.objects.get(username="dhbs.dangu"))
    assert any(e.item.kind == "admission_ceremony" and e.escalated for e in escalated)
    assert Notification.objects.filter(user=secretary).count() == 1
    notifications = Notification.objects.count()
    call_command("demo")  # again: nothing added, nothing sent twice
    assert Notification.objects.count() == notifications
    assert len(selectors.user_queue(user=secretary)) == len(queue)
