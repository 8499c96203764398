from django.urls import path

from . import views_referrer, views_staff, views_voucher

app_name = "referrals"
urlpatterns = [
    # Referrer's portal.
    path("", views_referrer.referral_list, name="list"),
    path("nouvelle/", views_referrer.referral_create, name="create"),
    path("<uuid:pk>/", views_referrer.referral_detail, name="detail"),
    # Voucher, for the referrer and the site.
    path("<uuid:pk>/bon/", views_voucher.voucher_page, name="voucher"),
    path("<uuid:pk>/bon.pdf", views_voucher.voucher_pdf, name="voucher_pdf"),
    # Site staff.
    path("recues/", views_staff.inbox, name="inbox"),
    path("recues/rappels/", views_staff.callback_list, name="callback_list"),
    path("recues/rappels/<uuid:pk>/", views_staff.callback_detail, name="callback_detail"),
    path("recues/rappels/<uuid:pk>/fiche/", views_staff.callback_person, name="callback_person"),
    path("recues/rappels/<uuid:pk>/rappelee/", views_staff.callback_called, name="callback_called"),
    path("recues/code/", views_staff.find_by_code, name="find_by_code"),
    path("recues/<uuid:pk>/", views_staff.staff_detail, name="staff_detail"),
    path("recues/<uuid:pk>/contact/", views_staff.record_contact, name="record_contact"),
    path("recues/<uuid:pk>/accepter/", views_staff.accept, name="accept"),
    path("recues/<uuid:pk>/refuser/", views_staff.decline, name="decline"),
    path("recues/<uuid:pk>/transferer/", views_staff.transfer, name="transfer"),
]
