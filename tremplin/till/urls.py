from django.urls import path

from .views import journal, registers

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
]
