"""URLs of programmes, exports, funder reports and share links (added to stats/urls.py)."""

from django.urls import path

from . import views_exports, views_programmes, views_reports, views_sharing

urlpatterns = [
    path("programmes/", views_programmes.programme_list, name="programme_list"),
    path("programmes/nouveau/", views_programmes.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/", views_programmes.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/modifier/", views_programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/acces/", views_programmes.programme_grant, name="programme_grant"),
    path(
        "programmes/<int:pk>/acces/<int:grant_pk>/retirer/",
        views_programmes.programme_revoke_grant,
        name="programme_revoke_grant",
    ),
    path("export/<str:fmt>/", views_exports.export, name="export"),
    path("export-coop/<str:fmt>/", views_exports.coop, name="coop_export"),
    path("rapports/", views_reports.report_list, name="report_list"),
    path("rapports/nouveau/", views_reports.report_create, name="report_create"),
    path("rapports/<int:pk>/pdf/", views_reports.report_pdf, name="report_pdf"),
    path("partages/", views_sharing.share_list, name="share_list"),
    path("partages/nouveau/", views_sharing.share_create, name="share_create"),
    path("partages/<int:pk>/revoquer/", views_sharing.share_revoke, name="share_revoke"),
    path("partage/<str:token>/", views_sharing.shared, name="shared"),
]
