from django.urls import path

from . import views

app_name = "restructuring"
urlpatterns = [
    path("", views.act_list, name="list"),
    path("new/", views.act_new, name="new"),
    path("structure/", views.structure_report, name="structure"),
    path("<int:pk>/", views.act_detail, name="detail"),
    path("<int:pk>/undo/", views.act_undo, name="undo"),
]
