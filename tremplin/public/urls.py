from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("espaces/", views.home, name="sites"),
    path("espaces/<slug:slug>/", views.site_page, name="site"),
    path("espaces/<slug:slug>/rappel/", views.callback, name="callback"),
    path("espaces/<slug:slug>/rappel/merci/", views.callback_done, name="callback_done"),
    path("agenda/", views.agenda, name="agenda"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("robots.txt", views.robots, name="robots"),
]
