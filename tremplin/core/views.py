from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from tremplin.core import dashboards
from tremplin.core.roles import Role

# When a user holds several roles, the home page of the first one in this order is shown.
HOME_ORDER = [
    Role.NETWORK_ADMIN,
    Role.SITE_MANAGER,
    Role.MEDIATOR,
    Role.VOLUNTEER,
    Role.REFERRER,
    Role.OBSERVER,
]


@login_not_required
def home(request):
    """Staff: the home page of their role. Anonymous visitors: the public home (find a site near me)."""
    if not request.user.is_authenticated:
        from tremplin.public.views import home as public_home  # the public room sits above core

        return public_home(request)
    role = next((r for r in HOME_ORDER if request.user.has_role(r)), None)
    if role is None:
        return render(request, "core/home_no_role.html")
    context = dashboards.home_context(request.user, role)
    return render(request, f"core/home_{role}.html", context)


@login_not_required
@require_GET
@never_cache
def health(request):
    """Liveness probe for load balancers: no personal data, no database write."""
    return JsonResponse({"status": "ok"})


@login_not_required
@require_GET
@never_cache
def ready(request):
    """Readiness probe: the database answers, and Redis when configured. Names the failing check, nothing else."""
    from django.conf import settings
    from django.db import connection

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "error"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception:
            checks["redis"] = "error"
    ok = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ok else "error", "checks": checks}, status=200 if ok else 503)
