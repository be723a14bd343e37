from django.urls import path

from . import views

app_name = "membership"
urlpatterns = [
    path("", views.member_list, name="list"),
]
