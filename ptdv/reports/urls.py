from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("admissions/", views.report_page, name="admissions"),
    path("admissions/issue/", views.report_issue, name="issue"),
    path("admissions/<str:fmt>/", views.report_export, name="export"),
    path("movements/", views.movements_page, name="movements"),
    path("movements/<str:fmt>/", views.movements_export, name="movements_export"),
]
