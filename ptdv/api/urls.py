from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("new/", views.token_create, name="create"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
