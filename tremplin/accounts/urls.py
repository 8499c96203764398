from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("mon-compte/", views.profile, name="profile"),
    path("comptes/", views.user_list, name="user_list"),
    path("comptes/inviter/", views.invite, name="invite"),
    path("invitations/<int:pk>/annuler/", views.revoke_invitation, name="revoke_invitation"),
    path("invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("comptes/<uuid:uuid>/", views.user_detail, name="user_detail"),
    path("comptes/<uuid:uuid>/roles/", views.membership_add, name="membership_add"),
    path("roles/<int:pk>/retirer/", views.membership_end, name="membership_end"),
    path("comptes/<uuid:uuid>/desactiver/", views.deactivate, name="deactivate"),
    path("comptes/<uuid:uuid>/reactiver/", views.reactivate, name="reactivate"),
]
