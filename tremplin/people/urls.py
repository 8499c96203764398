from django.urls import path

from . import views, views_notice, views_privacy, views_records

app_name = "people"
urlpatterns = [
    path("", views.beneficiary_list, name="list"),
    path("nouvelle/", views.beneficiary_create, name="create"),
    path("rattacher/", views.beneficiary_attach, name="attach"),
    path("notice/", views_notice.notice_list, name="notice_list"),
    path("notice/nouvelle/", views_notice.notice_create, name="notice_create"),
    path("notice/en-vigueur/", views_notice.notice_current, name="notice_current"),
    path("notice/<int:version>/", views_notice.notice_detail, name="notice_detail"),
    path("notice/<int:version>/modifier/", views_notice.notice_edit, name="notice_edit"),
    path("notice/<int:version>/publier/", views_notice.notice_publish, name="notice_publish"),
    path("notice/<int:version>/notice.pdf", views_notice.notice_pdf, name="notice_pdf"),
    path("<uuid:pk>/", views.beneficiary_detail, name="detail"),
    path("<uuid:pk>/modifier/", views.beneficiary_edit, name="edit"),
    path("<uuid:pk>/historique/", views_records.beneficiary_timeline, name="timeline"),
    path("<uuid:pk>/information/", views_records.consent_add, name="consent_add"),
    path("<uuid:pk>/eligibilite/", views_records.eligibility_add, name="eligibility_add"),
    path(
        "<uuid:pk>/eligibilite/<int:record_pk>/renouveler/", views_records.eligibility_renew, name="eligibility_renew"
    ),
    path("<uuid:pk>/fusion/", views_privacy.merge_pick, name="merge_pick"),
    path("<uuid:pk>/fusion/<uuid:other_pk>/", views_privacy.merge_confirm, name="merge_confirm"),
    path("<uuid:pk>/export/", views_privacy.export_page, name="export"),
    path("<uuid:pk>/export.json", views_privacy.export_json, name="export_json"),
    path("<uuid:pk>/anonymiser/", views_privacy.anonymise, name="anonymise"),
]
