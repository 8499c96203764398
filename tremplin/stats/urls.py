from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]

# Programmes, exports, funder reports and share links (stats-reports).
from .urls_reports import urlpatterns as reports_urlpatterns  # noqa: E402

urlpatterns += reports_urlpatterns
