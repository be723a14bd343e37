from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("stalled/", views.stalled, name="stalled"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_read, name="inbox_read"),
    path("frequency/", views.frequency, name="frequency"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/link/", views.feed_create, name="feed_create"),
    path("calendar/link/<int:pk>/revoke/", views.feed_revoke, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
