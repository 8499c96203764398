from django.urls import path

from . import private_search, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("sante/", views.health, name="health"),
    path("sante/pret/", views.ready, name="ready"),
    path("recherche/", private_search.remember_search, name="remember_search"),
]
