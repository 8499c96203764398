from django.urls import path

from . import views_catalogue, views_documents, views_person, views_planning, views_public, views_sessions

app_name = "workshops"
urlpatterns = [
    path("", views_planning.agenda, name="agenda"),
    path("catalogue/", views_catalogue.workshop_list, name="workshop_list"),
    path("catalogue/nouveau/", views_catalogue.workshop_edit, name="workshop_create"),
    path("catalogue/<int:pk>/", views_catalogue.workshop_detail, name="workshop_detail"),
    path("catalogue/<int:pk>/modifier/", views_catalogue.workshop_edit, name="workshop_edit"),
    path("seances/nouvelle/", views_planning.session_create, name="session_create"),
    path("seances/<int:pk>/", views_sessions.session_detail, name="session_detail"),
    path("seances/<int:pk>/inscrire/", views_sessions.session_enroll, name="session_enroll"),
    path("seances/<int:pk>/annuler/", views_planning.session_cancel, name="session_cancel"),
    path("seances/<int:pk>/places/", views_planning.session_seats, name="session_seats"),
    path("seances/<int:pk>/deplacer/", views_planning.session_move, name="session_move"),
    path("seances/<int:pk>/emargement/", views_sessions.attendance, name="attendance"),
    path("seances/<int:pk>/emargement/ajout/", views_sessions.walk_in, name="walk_in"),
    path("parcours/nouveau/", views_planning.course_create, name="course_create"),
    path("parcours/<int:pk>/", views_planning.course_detail, name="course_detail"),
    path("parcours/<int:pk>/inscrire/", views_planning.course_enroll, name="course_enroll"),
    path("parcours/<int:pk>/desinscrire/<uuid:beneficiary>/", views_planning.course_withdraw, name="course_withdraw"),
    path(
        "parcours/<int:pk>/attestation/<uuid:beneficiary>/",
        views_documents.course_certificate_view,
        name="course_certificate",
    ),
    path("personne/<uuid:pk>/inscrire/", views_person.person_enroll, name="person_enroll"),
    path("inscriptions/<uuid:pk>/annuler/", views_sessions.enrollment_cancel, name="enrollment_cancel"),
    path("inscriptions/<uuid:pk>/attestation/", views_documents.presence_certificate_view, name="certificate"),
    path("statistiques/", views_documents.stats, name="stats"),
    # Public: the signed link in reminders (no account; see tokens.py).
    path("r/<str:token>/", views_public.respond, name="respond"),
]
