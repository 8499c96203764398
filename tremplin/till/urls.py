from django.urls import path

from .views import admin, journal, receipts, registers, reports, returns, sale

app_name = "till"

urlpatterns = [
    # till-ui: registers, sale screen, receipts, returns
    path("", registers.index, name="index"),
    path("caisses/<int:pk>/", registers.register_detail, name="register"),
    path("caisses/<int:pk>/ouvrir/", registers.open_session, name="open_session"),
    path("caisses/<int:pk>/cloturer/", registers.close_session, name="close_session"),
    path("caisses/<int:pk>/formation/", registers.training_mode, name="training_mode"),
    path("caisses/<int:pk>/vente/", sale.sale_screen, name="sell"),
    path("caisses/<int:pk>/vente/personne/", sale.choose_person, name="sell_person"),
    path("caisses/<int:pk>/vente/scanner/", sale.scan, name="sell_scan"),
    path("caisses/<int:pk>/vente/article/", sale.add_product, name="sell_product"),
    path("caisses/<int:pk>/vente/retirer/", sale.remove_line, name="sell_remove_line"),
    path("caisses/<int:pk>/vente/derogation/", sale.override_line, name="sell_override"),
    path("caisses/<int:pk>/vente/paiement/", sale.add_payment, name="sell_payment"),
    path("caisses/<int:pk>/vente/paiement/retirer/", sale.remove_payment, name="sell_remove_payment"),
    path("caisses/<int:pk>/vente/nouveau/", sale.new_ticket, name="sell_new"),
    path("caisses/<int:pk>/encaisser/", sale.cash_in, name="cash_in"),
    path("tickets/<int:pk>/", receipts.sale_detail, name="sale"),
    path("tickets/<int:pk>/imprimer/", receipts.print_ticket, name="print"),
    path("tickets/<int:pk>/pdf/", receipts.print_pdf, name="pdf"),
    path("tickets/<int:pk>/envoyer/", receipts.email_ticket, name="email"),
    path("tickets/<int:pk>/code/", receipts.reveal_code, name="reveal_code"),
    path("tickets/<int:pk>/retour/", returns.start_return, name="start_return"),
    path("retours/<uuid:token>/", returns.return_screen, name="return"),
    path("retours/<uuid:token>/remboursement/", returns.refund, name="refund"),
    path("retours/<uuid:token>/remboursement/retirer/", returns.remove_refund, name="remove_refund"),
    path("retours/<uuid:token>/abandonner/", returns.cancel_return, name="cancel_return"),
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
