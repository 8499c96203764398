from django.urls import path

from . import views, views_editor, views_kiosk, views_pathway

app_name = "assessments"

urlpatterns = [
    path("personne/<uuid:pk>/", views.person_assessments, name="person"),
    path("<int:pk>/reprendre/", views.resume, name="resume"),
    path("<int:pk>/contexte/", views.context_step, name="context"),
    path("<int:pk>/domaine/<int:step>/", views.area_step, name="area"),
    path("<int:pk>/terminer/", views.finish, name="finish"),
    path("<int:pk>/", views.result, name="result"),
    path("<int:pk>/inscrire/", views.enrol, name="enrol"),
    path("<int:pk>/parcours/", views_pathway.decide, name="decide"),
    path("<int:pk>/bilan.pdf", views_pathway.bilan_pdf, name="bilan"),
    path("<int:pk>/facile-a-lire/", views_pathway.easy_read, name="easy_read"),
    path("etape/<int:pk>/fait/", views_pathway.step_done, name="step_done"),
    # Questionnaire editor (national team): views_editor.py.
    path("questionnaire/", views_editor.version_list, name="editor_list"),
    path("questionnaire/<int:pk>/", views_editor.version_detail, name="editor_version"),
    path("questionnaire/<int:pk>/modifier/", views_editor.version_edit, name="editor_version_edit"),
    path("questionnaire/<int:pk>/apercu/", views_editor.preview, name="editor_preview"),
    path("questionnaire/<int:pk>/publier/", views_editor.publish, name="editor_publish"),
    path("questionnaire/<int:pk>/supprimer/", views_editor.draft_delete, name="editor_draft_delete"),
    path("questionnaire/<int:pk>/domaine/ajouter/", views_editor.area_form, name="editor_area_add"),
    path("questionnaire/domaine/<int:area_pk>/modifier/", views_editor.area_form, name="editor_area_edit"),
    path(
        "questionnaire/<int:pk>/domaine/<int:area_pk>/supprimer/", views_editor.area_delete, name="editor_area_delete"
    ),
    path("questionnaire/<int:pk>/question/ajouter/", views_editor.item_form, name="editor_item_add"),
    path("questionnaire/question/<int:item_pk>/modifier/", views_editor.item_form, name="editor_item_edit"),
    path(
        "questionnaire/<int:pk>/question/<int:item_pk>/supprimer/", views_editor.item_delete, name="editor_item_delete"
    ),
    # Kiosk (the person alone on a site tablet): views_kiosk.py; KioskMiddleware confines the session to these.
    path("kiosque/ouvrir/<uuid:pk>/", views_kiosk.open_kiosk, name="kiosk_open"),
    path("kiosque/", views_kiosk.welcome, name="kiosk"),
    path("kiosque/question/<int:number>/", views_kiosk.question, name="kiosk_question"),
    path("kiosque/merci/", views_kiosk.thanks, name="kiosk_thanks"),
    path("kiosque/quitter/", views_kiosk.leave, name="kiosk_leave"),
]
