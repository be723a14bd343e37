from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.register, name="register"),
    path("decisions/", views.decision_list, name="decisions"),
    path("<int:pk>/reissue/", views.reissue, name="reissue"),
    path("dossier/<int:pk>/all.zip", views.dossier_zip, name="dossier_zip"),
    path("dossier/<int:pk>/all-<slug:file_format>.zip", views.dossier_zip, name="dossier_zip_format"),
    path("dossier/<int:pk>/<slug:slug>.<slug:file_format>", views.dossier_form, name="dossier_form"),
    path("certificate/<int:pk>.<slug:file_format>", views.certificate, name="certificate"),
    path("course/<int:pk>/certificates.zip", views.certificates, name="certificates"),
    path("transfer/<int:pk>/letter.<slug:file_format>", views.transfer_letter, name="transfer_letter"),
]
