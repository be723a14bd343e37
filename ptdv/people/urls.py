from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/pool/", views.pool_enter, name="pool_enter"),
    path("pool/", views.pool_list, name="pool"),
    path("pool/<int:pk>/helpers/", views.candidate_helper_add, name="helper_add"),
    path("pool/<int:pk>/notes/", views.candidate_note_add, name="note_add"),
    path("pool/<int:pk>/leave/", views.candidate_leave, name="leave"),
    path("pool/<int:pk>/exception/", views.candidate_exception, name="exception"),
    path("helpers/<int:pk>/end/", views.helper_end, name="helper_end"),
]
