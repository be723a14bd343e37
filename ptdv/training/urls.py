from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/results/", views.course_results, name="results"),
    path("enrol/<int:pk>/", views.enrol_person, name="enrol_person"),
    path("participants/<int:pk>/", views.enrolment_result, name="result"),
]
