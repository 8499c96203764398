from django.urls import path

from . import views

app_name = "ops"
urlpatterns = [
    path("taches/", views.job_list, name="jobs"),
    path("conservation/", views.retention_list, name="retention"),
    path("conservation/<uuid:pk>/contact/", views.retention_keep, name="retention_keep"),
    path("consentement/<uuid:pk>/retrait/", views.consent_withdraw, name="consent_withdraw"),
]
