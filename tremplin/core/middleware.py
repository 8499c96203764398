"""Absolute session lifetime: a session ends a fixed time after login, however active it is.

The start is stamped by `stamp_session_start`, connected to `user_logged_in` (see AccountsConfig.ready),
so the clock starts at login itself and not at the first page opened afterwards.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "tremplin_session_started"


def stamp_session_start(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`: remember when this session was opened."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_STARTED_KEY] = int(time.time())


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            # Sessions opened before this middleware existed have no stamp: their clock starts now.
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started >= settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Votre session a expiré. Merci de vous reconnecter."), fail_silently=True)
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
