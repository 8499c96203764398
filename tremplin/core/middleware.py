"""Absolute session lifetime: a session ends a fixed time after login, however active it is."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "tremplin_session_started"


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault(SESSION_STARTED_KEY, now)
            if now - started > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Votre session a expiré. Merci de vous reconnecter."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)
