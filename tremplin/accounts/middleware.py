"""Send users whose role requires two-factor authentication to set it up before anything else."""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

# Paths a user must still reach while two-factor set-up is pending.
ALLOWED_PREFIXES = ("/comptes/2fa/", "/comptes/logout/", "/comptes/reauthenticate/", "/static/", "/langue/", "/sante/")


def has_totp(user):
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TREMPLIN_MFA_ENFORCED
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and user.requires_two_factor
            and not has_totp(user)
        ):
            messages.warning(
                request,
                _("Votre rôle impose la double authentification : activez-la pour continuer."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
