from django.urls import path

from . import views

app_name = "quotas"
urlpatterns = [path("", views.quota_page, name="page"), path("terms/", views.term_page, name="terms")]
