from django.urls import path

from .views import admin, journal, registers, reports

app_name = "till"

urlpatterns = [
    path("", registers.index, name="index"),
    path("caisses/<int:pk>/", registers.register_detail, name="register"),
    path("tickets/<int:pk>/", registers.sale_detail, name="sale"),
    # till-journal: verification, closures, Z report, monthly/yearly closures
    path("journal/", journal.index, name="journal"),
    path("journal/verifier/", journal.verify, name="journal_verify"),
    path("journal/clotures/<int:pk>/", journal.closure_report, name="closure"),
    path("journal/periodes/", journal.close_period, name="journal_close_period"),
    # till-admin: settings, registers, rights rules, reports
    path("reglages/", admin.admin_index, name="admin_index"),
    path("reglages/parametres/", admin.settings_edit, name="settings"),
    path("reglages/droits/", admin.rule_list, name="rule_list"),
    path("reglages/droits/nouvelle/", admin.rule_edit, name="rule_create"),
    path("reglages/droits/<int:pk>/", admin.rule_edit, name="rule_edit"),
    path("reglages/droits/<int:pk>/vigueur/", admin.rule_toggle, name="rule_toggle"),
    path("reglages/caisses/", admin.register_list, name="register_list"),
    path("reglages/caisses/nouvelle/", admin.register_edit, name="register_create"),
    path("reglages/caisses/<int:pk>/", admin.register_edit, name="register_edit"),
    path("rapports/partenaires/", reports.partner_statement, name="partner_statement"),
    path("rapports/comptabilite/", reports.accounting_export, name="accounting_export"),
    path("rapports/derogations/", reports.override_statistics, name="override_statistics"),
]
