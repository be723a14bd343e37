from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("residence/", views.residence, name="residence"),
    path("residence/<int:pk>/letter.docx", views.residence_letter, name="letter"),
    path("ratings/", views.ratings, name="ratings"),
    path("screening/", views.screening, name="screening"),
]
