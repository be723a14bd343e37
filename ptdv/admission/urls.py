from django.urls import path

from . import views

app_name = "admission"
urlpatterns = [
    path("", views.dossier_board, name="board"),
    path("probation/", views.probation_list, name="probation"),
    path("open/<int:candidate_pk>/", views.dossier_open, name="open"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/close/", views.dossier_close, name="close"),
    path("<int:pk>/failed-vote/", views.dossier_failed_vote, name="failed_vote"),
    path("<int:pk>/papers/", views.dossier_papers, name="papers"),
    path("<int:pk>/ceremony-approval/", views.dossier_ceremony_approval, name="ceremony_approval"),
    path("<int:pk>/referral/", views.dossier_referral, name="referral"),
    path("<int:pk>/return/", views.dossier_return, name="return"),
    path("<int:pk>/particulars/", views.dossier_particulars, name="particulars"),
    path("<int:pk>/probation/", views.dossier_probation, name="probation"),
    path("<int:pk>/card/", views.dossier_card, name="card"),
    path("<int:pk>/<slug:stage>/correct/", views.dossier_correct, name="correct"),
    path("<int:pk>/<slug:stage>/", views.dossier_step, name="step"),
]
