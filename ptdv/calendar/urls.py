from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.calendar_page, name="page"),
    path("<str:day>/remove/", views.special_day_remove, name="remove"),
]
