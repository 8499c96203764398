from django.conf import settings

from tremplin.core.navigation import entries_for

# The layout of pages that anyone may open (not found, open data, a workshop seat's link): the public one
# (menu to find a place and the workshops) for anonymous visitors, the staff one for signed-in users.
PUBLIC_LAYOUT = "public/base.html"
STAFF_LAYOUT = "base.html"


def navigation(request):
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return {
        "nav_entries": entries_for(user) if user is not None else [],
        "demo_mode": settings.TREMPLIN_DEMO,
        # The note on two-factor authentication concerns staff accounts: only the staff layout shows it, which an
        # anonymous visitor meets only at the staff entrance (login, two-factor pages), where it says what to expect.
        "mfa_relaxed": not settings.TREMPLIN_MFA_ENFORCED,
        "base_layout": STAFF_LAYOUT if signed_in else PUBLIC_LAYOUT,
    }
