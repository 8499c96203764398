from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("", views.dataset_list, name="dataset_list"),
    path("lieux.csv", views.lieux_csv, name="lieux_csv"),
    path("lieux.json", views.lieux_json, name="lieux_json"),
    path("data-inclusion/structures.json", views.di_structures, name="di_structures"),
    path("data-inclusion/services.json", views.di_services, name="di_services"),
]
