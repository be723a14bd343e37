from django.urls import path

from . import pages, views

app_name = "membership"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("transfers/", pages.transfers, name="transfers"),
    path("<int:pk>/", pages.member_detail, name="detail"),
    path("<int:pk>/movement/", pages.member_movement, name="movement"),
]
