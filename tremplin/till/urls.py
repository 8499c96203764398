from django.urls import path

from .views import registers

app_name = "till"

urlpatterns = [
    path("", registers.index, name="index"),
    path("caisses/<int:pk>/", registers.register_detail, name="register"),
    path("tickets/<int:pk>/", registers.sale_detail, name="sale"),
]
