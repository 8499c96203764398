from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("espaces/", views.site_list, name="site_list"),
    path("espaces/nouveau/", views.site_edit, name="site_create"),
    path("espaces/<int:pk>/", views.site_detail, name="site_detail"),
    path("espaces/<int:pk>/modifier/", views.site_edit, name="site_edit"),
    path("espaces/<int:pk>/horaires/", views.site_hours, name="site_hours"),
    path("partenaires/", views.partner_list, name="partner_list"),
    path("partenaires/nouveau/", views.partner_edit, name="partner_create"),
    path("partenaires/<int:pk>/", views.partner_detail, name="partner_detail"),
    path("partenaires/<int:pk>/modifier/", views.partner_edit, name="partner_edit"),
]
