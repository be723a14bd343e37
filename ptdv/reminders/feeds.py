"""The calendar feed (.ics, RFC 5545), generated with the icalendar library from the same entries as the page."""

import datetime

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from . import selectors

PAST_DAYS = 31  # the feed keeps the last month too, so a late item does not vanish from the subscriber's calendar


def calendar_ics(*, user, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        entries = selectors.calendar_entries(
            user=user, start=today - datetime.timedelta(days=PAST_DAYS), days=PAST_DAYS + 366, today=today
        )
        cal = icalendar.Calendar()
        cal.add("prodid", "-//PTĐV//Reminders//VI")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", "PTĐV")
        stamp = timezone.now()
        for entry in entries:
            item = entry.item
            event = icalendar.Event()
            event.add("uid", f"{item.key}@ptdv")
            event.add("dtstamp", stamp)
            event.add("dtstart", item.due)
            event.add("dtend", item.due + datetime.timedelta(days=1))
            event.add("summary", f"{item.deadline.label}: {item.person}")
            event.add("description", f"{entry.cell.name} — {entry.unit.name}\n{settings.PTDV_SITE_URL}{entry.url}")
            event.add("url", f"{settings.PTDV_SITE_URL}{entry.url}")
            event.add("categories", [item.kind])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()
