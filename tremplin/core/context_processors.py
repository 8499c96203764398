from django.conf import settings

from tremplin.core.navigation import entries_for


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_entries": entries_for(user) if user is not None else [],
        "demo_mode": settings.TREMPLIN_DEMO,
        "mfa_relaxed": not settings.TREMPLIN_MFA_ENFORCED,
    }
