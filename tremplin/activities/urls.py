from django.urls import path

from . import views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("saisie-rapide/", views.quick_entry, name="quick_entry"),
    path("<uuid:uuid>/", views.activity_detail, name="detail"),
    path("<uuid:uuid>/modifier/", views.activity_edit, name="edit"),
]
