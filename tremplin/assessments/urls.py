from django.urls import path

from . import views, views_pathway

app_name = "assessments"

urlpatterns = [
    path("personne/<uuid:pk>/", views.person_assessments, name="person"),
    path("<int:pk>/contexte/", views.context_step, name="context"),
    path("<int:pk>/domaine/<int:step>/", views.area_step, name="area"),
    path("<int:pk>/terminer/", views.finish, name="finish"),
    path("<int:pk>/", views.result, name="result"),
    path("<int:pk>/inscrire/", views.enrol, name="enrol"),
    path("<int:pk>/parcours/", views_pathway.decide, name="decide"),
    path("<int:pk>/bilan.pdf", views_pathway.bilan_pdf, name="bilan"),
    path("<int:pk>/facile-a-lire/", views_pathway.easy_read, name="easy_read"),
    path("etape/<int:pk>/fait/", views_pathway.step_done, name="step_done"),
]
