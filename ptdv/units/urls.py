from django.urls import path

from . import views

app_name = "units"
urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/children/", views.unit_children, name="children"),
    path("<int:parent_pk>/new/", views.unit_create, name="create"),
    path("<int:pk>/edit/", views.unit_edit, name="edit"),
    path("<int:pk>/close/", views.unit_close, name="close"),
]
