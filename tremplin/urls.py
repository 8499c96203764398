from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

# Django's admin is deliberately not mounted: every change goes through the app's own screens,
# which check roles, scope and write the access log.
urlpatterns = [
    path("", include("tremplin.core.urls")),
    # The public face (anonymous visitors): find a site, its page, the agenda, "Être rappelé·e".
    path("", include("tremplin.public.urls")),
    path("comptes/", include("allauth.urls")),
    path("equipe/", include("tremplin.accounts.urls")),
    path("reseau/", include("tremplin.network.urls")),
    path("personnes/", include("tremplin.people.urls")),
    path("orientations/", include("tremplin.referrals.urls")),
    path("ateliers/", include("tremplin.workshops.urls")),
    path("activites/", include("tremplin.activities.urls")),
    path("messages/", include("tremplin.notifications.urls")),
    path("materiel/", include("tremplin.inventory.urls")),
    path("diagnostic/", include("tremplin.assessments.urls")),
    path("caisse/", include("tremplin.till.urls")),
    path("exploitation/", include("tremplin.ops.urls")),
    path("statistiques/", include("tremplin.stats.urls")),
    path("donnees/", include("tremplin.opendata.urls")),
    path("api/", include("tremplin.api.urls")),
    # Language switch is a POST form usable before login.
    path("langue/", login_not_required(set_language), name="set_language"),
]
