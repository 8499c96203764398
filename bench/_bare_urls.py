"""The app's URLs plus one bare logged-in page: the anchor of bench/scaling.py.

`/bench-bare/` goes through every middleware (session, user, memberships, two-factor check) and does
nothing else: the fixed cost every staff page pays. Only measure.py mounts it (ROOT_URLCONF), never the app.
"""

from django.http import HttpResponse
from django.urls import include, path

BARE_PATH = "/bench-bare/"


def bare(request):
    return HttpResponse(f"{len(request.user.active_memberships)}", content_type="text/plain")


urlpatterns = [
    path(BARE_PATH.strip("/") + "/", bare),
    path("", include("tremplin.urls")),
]
