from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("personne/<uuid:pk>/", views.person_assessments, name="person"),
    path("<int:pk>/contexte/", views.context_step, name="context"),
    path("<int:pk>/domaine/<int:step>/", views.area_step, name="area"),
    path("<int:pk>/terminer/", views.finish, name="finish"),
    path("<int:pk>/", views.result, name="result"),
    path("<int:pk>/inscrire/", views.enrol, name="enrol"),
]
