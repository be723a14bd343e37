"""The daily digest (django.tasks), the inbox, the user's frequency, and the calendar feed with its token."""

import datetime

import icalendar
import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from ptdv.audit.models import Event
from ptdv.reminders import services, tasks
from ptdv.reminders.models import CalendarToken, Notification, ReminderSent

D = datetime.date
pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []


@pytest.fixture
def emails(world):
    for key in ("secretary", "committee", "cement", "viewer", "kiln"):
        world[key].email = f"{key}@example.vn"
        world[key].save(update_fields=["email"])
    return world


def outbox_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_the_daily_task_sends_each_user_the_digest_of_their_queue_once_a_day(immediate, emails):
    w = emails
    result = tasks.send_digests.enqueue()
    assert result.return_value == {"users": 5, "items": 6}  # secretary 2, committee, bloc, kiln, cement 1 each
    [secretary] = outbox_to("secretary@example.vn")
    assert secretary.subject == "PTĐV: 2 việc cần làm (1 việc quá hạn)"
    assert "Đào Thị Dũng" in secretary.body and "quá hạn 2 ngày làm việc" in secretary.body
    assert "Vũ Minh Tuấn" in secretary.body and "còn 14 ngày làm việc" in secretary.body
    assert secretary.body.index("Đào Thị Dũng") < secretary.body.index("Vũ Minh Tuấn")
    assert f"/dossiers/{w['ceremony'].pk}/ceremony/" in secretary.body
    [cement] = outbox_to("cement@example.vn")
    assert "Phạm Văn Cường" in cement.body and "đã chuyển lên cấp trên" in cement.body
    assert f"/dossiers/{w['late'].pk}/\n" in cement.body  # the dossier's page, not the cell's step form
    assert outbox_to("viewer@example.vn") == []  # nothing to do, nothing sent
    inbox = Notification.objects.get(user=w["secretary"])
    assert inbox.subject == secretary.subject and [i["person"] for i in inbox.items] == ["Đào Thị Dũng", "Vũ Minh Tuấn"]
    assert Notification.objects.filter(user=w["bloc"]).count() == 1  # no email address: the inbox only
    digests = Event.objects.filter(action="reminders.digest")
    assert sorted(e.after["items"] for e in digests) == [1, 1, 1, 1, 2]  # one event a digest, in its transaction
    assert digests.get(target_id=str(inbox.pk)).unit_id == w["secretary"].unit_id
    sent, messages, notes = len(mail.outbox), ReminderSent.objects.count(), Notification.objects.count()

    again = tasks.send_digests.enqueue()  # the same day: nothing the second time
    assert again.return_value == {"users": 0, "items": 0}
    assert (len(mail.outbox), ReminderSent.objects.count(), Notification.objects.count()) == (sent, messages, notes)

    with time_machine.travel(datetime.datetime(2026, 3, 25, 6, 0, tzinfo=datetime.UTC), tick=False):
        next_day = tasks.send_digests.enqueue()
    assert next_day.return_value["items"] == 6  # a new day: reminded again
    assert len(outbox_to("secretary@example.vn")) == 2


def test_an_item_settled_since_is_not_sent(immediate, emails):
    w = emails
    w["ceremony"].stage, w["ceremony"].ceremony_on = "ceremony", D(2026, 3, 23)
    w["ceremony"].save()
    services.digests_send()
    [secretary] = outbox_to("secretary@example.vn")
    assert secretary.subject == "PTĐV: 1 việc cần làm (0 việc quá hạn)" and "Đào Thị Dũng" not in secretary.body


def test_weekly_and_off(immediate, emails):
    w = emails
    services.reminder_frequency_set(actor=w["secretary"], user=w["secretary"], frequency="weekly")
    services.reminder_frequency_set(actor=w["committee"], user=w["committee"], frequency="off")
    services.digests_send()  # Tuesday
    assert outbox_to("secretary@example.vn") == [] and outbox_to("committee@example.vn") == []
    assert outbox_to("kiln@example.vn")  # daily by default
    with time_machine.travel(datetime.datetime(2026, 3, 30, 6, 0, tzinfo=datetime.UTC), tick=False):  # Monday
        services.digests_send()
    assert len(outbox_to("secretary@example.vn")) == 1 and outbox_to("committee@example.vn") == []


def test_the_frequency_form_saves_with_its_event_and_refuses_bad_input(client, emails):
    w = emails
    client.force_login(w["secretary"])
    events = Event.objects.count()
    response = client.post(reverse("reminders:frequency"), {"frequency": "hourly"})
    assert response.status_code == 422 and "Chọn hằng ngày, hằng tuần hoặc không gửi." in response.content.decode()
    assert Event.objects.count() == events and services.frequency_of(w["secretary"]) == "daily"
    response = client.post(reverse("reminders:frequency"), {"frequency": "weekly"}, follow=True)
    assert "Đã lưu thiết lập nhắc việc." in response.content.decode()
    assert services.frequency_of(w["secretary"]) == "weekly"
    event = Event.objects.latest("pk")
    assert (event.action, event.actor, event.after) == ("reminders.frequency", w["secretary"], {"frequency": "weekly"})


def test_the_inbox_shows_the_digest_and_marks_it_read(client, immediate, emails):
    w = emails
    services.digests_send()
    client.force_login(w["secretary"])
    html = client.get(reverse("reminders:inbox")).content.decode()
    assert "PTĐV: 2 việc cần làm" in html and "Đào Thị Dũng" in html
    assert '<span class="nav-count" title="thông báo chưa đọc">1</span>' in html
    client.post(reverse("reminders:inbox_read"))
    assert not Notification.objects.filter(user=w["secretary"], read_at__isnull=True).exists()
    [read] = Event.objects.filter(action="notifications.read")
    assert (read.actor, read.after) == (w["secretary"], {"count": 1})
    assert 'title="thông báo chưa đọc"' not in client.get(reverse("reminders:inbox")).content.decode()
    client.force_login(w["committee"])
    assert "Đào Thị Dũng" not in client.get(reverse("reminders:inbox")).content.decode()  # not another's inbox


def test_the_ics_feed_validates_and_a_wrong_or_revoked_token_gets_404(client, world):
    """The feed of the university's committee: its units' coming dates, and the last month's."""
    client.force_login(world["committee"])
    response = client.post(reverse("reminders:feed_create"))
    assert response["Cache-Control"] == "no-store"
    link = response.context["new_link"]
    assert link.startswith("http://testserver/tasks/calendar/cal_") and link.endswith(".ics")
    path = link.removeprefix("http://testserver")
    client.logout()
    feed = client.get(path)  # no session: the token is the key
    assert feed.status_code == 200 and feed["Content-Type"] == "text/calendar; charset=utf-8"
    cal = icalendar.Calendar.from_ical(feed.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {
        "Cấp ủy có thẩm quyền ra quyết định kết nạp: Trần Văn Bình",
        "Cấp ủy có thẩm quyền ra quyết định kết nạp: Lê Thị Hoa",
        "Hết thời gian dự bị: Vũ Minh Tuấn",
        "Lễ kết nạp: Đào Thị Dũng",  # 20/03, within the month kept past
    }
    probation = events["Hết thời gian dự bị: Vũ Minh Tuấn"]
    assert probation.decoded("dtstart") == D(2026, 4, 13)
    assert str(probation["uid"]).startswith(f"dossier:{world['probation'].pk}:probation_end:")
    assert not any("Phạm Văn Cường" in s for s in events)  # not the university's
    assert client.get(path.replace("cal_", "cal_x")).status_code == 404
    assert client.get("/tasks/calendar/nonsense.ics").status_code == 404
    token = CalendarToken.objects.get(user=world["committee"])
    client.force_login(world["secretary"])
    assert client.post(reverse("reminders:feed_revoke", args=[token.pk])).status_code == 404  # not theirs
    client.force_login(world["committee"])
    client.post(reverse("reminders:feed_revoke", args=[token.pk]))
    client.logout()
    assert client.get(path).status_code == 404
    assert Event.objects.filter(action="calendar_token.revoke", actor=world["committee"]).count() == 1


def test_a_new_calendar_link_revokes_the_old_one(world):
    user = world["secretary"]
    _first, raw1 = services.calendar_token_create(actor=user, user=user)
    _second, raw2 = services.calendar_token_create(actor=user, user=user)
    assert services.calendar_token_user(raw1) is None and services.calendar_token_user(raw2) == user
    assert CalendarToken.objects.active().filter(user=user).count() == 1
    user.is_active = False
    user.save()
    assert services.calendar_token_user(raw2) is None  # a disabled account's feed is closed


def test_the_task_schedules_its_next_run_once(settings, world):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    assert tasks.schedule_next()
    assert tasks.schedule_next()
    [waiting] = DBTaskResult.objects.filter(task_path="ptdv.reminders.tasks.send_digests")
    assert waiting.status == "READY"
    assert tasks.next_run_at(datetime.datetime(2026, 3, 24, 2, 0, tzinfo=datetime.UTC)).isoformat() == (
        "2026-03-25T06:00:00+07:00"
    )
    assert tasks.next_run_at(datetime.datetime(2026, 3, 23, 22, 0, tzinfo=datetime.UTC)).isoformat() == (
        "2026-03-24T06:00:00+07:00"
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its database connection when it ends
def test_db_worker_runs_the_digest_and_the_task_schedules_tomorrows(settings, emails):
    """The real path: django-tasks-db's queue and `ptdv db_worker` send today's digests; the task leaves its next
    run waiting for 06:00 tomorrow, which the worker does not run today."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    mail.outbox = []
    tasks.send_digests.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert len(outbox_to("secretary@example.vn")) == 1
    assert Notification.objects.count() == 5
    assert DBTaskResult.objects.count() == 2  # the clock is frozen: both were enqueued at the same instant
    done, waiting = DBTaskResult.objects.get(status="SUCCESSFUL"), DBTaskResult.objects.get(status="READY")
    assert done.return_value == {"users": 5, "items": 6}
    assert waiting.run_after.isoformat() == "2026-03-24T23:00:00+00:00"
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    assert DBTaskResult.objects.get(pk=waiting.pk).status == "READY"  # not before its time


def test_the_digest_reads_what_was_sent_today_once_for_all_users(immediate, emails, make_user):
    """The queries of a digest run grow with the users who receive one (their message), not with a read per user
    of what was sent before."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.digests_send()
    with CaptureQueriesContext(connection) as few:
        services.digests_send()  # every item already sent today
    for _ in range(5):
        make_user(emails["tree"].cell_econ, "viewer")
    with CaptureQueriesContext(connection) as more:
        services.digests_send()
    assert len(more.captured_queries) == len(few.captured_queries)
