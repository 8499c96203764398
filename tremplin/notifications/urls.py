from django.urls import path

from . import views

app_name = "notifications"
urlpatterns = [
    path("a-appeler/", views.to_call, name="to_call"),
    path("a-appeler/<uuid:uuid>/transmis/", views.message_called, name="message_called"),
    path("statistiques-sms/", views.sms_stats, name="sms_stats"),
]
