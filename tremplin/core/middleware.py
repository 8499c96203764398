"""Session lifetimes: the idle timeout, renewed by activity at most once a minute, and the absolute one.

Absolute: a session ends a fixed time after login, however active it is. The start is stamped by
`stamp_session_start`, connected to `user_logged_in` (see AccountsConfig.ready), so the clock starts at
login itself and not at the first page opened afterwards.

Idle: a session unused for SESSION_COOKIE_AGE ends. Each save moves its expiry to now + that age; saving on
every request (SESSION_SAVE_EVERY_REQUEST) wrote the session to PostgreSQL and Redis on every page, a fifth
of a page's time under load (docs/performance.md, « Charge »). SessionRefreshMiddleware saves an unchanged
session only when its last save is SESSION_REFRESH_SECONDS old: the idle timeout is then between
SESSION_COOKIE_AGE − SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last page, never longer.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.utils.translation import gettext as _

SESSION_STARTED_KEY = "tremplin_session_started"
SESSION_SAVED_KEY = "tremplin_session_saved"


class SessionRefreshMiddleware:
    """Right after SessionMiddleware: renews an unchanged session's expiry when its last save is old enough."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # is_empty(): no session, or one just flushed (logout) — never write it back.
        if session is None or session.is_empty():
            return response
        now = int(time.time())
        if session.modified or now - session.get(SESSION_SAVED_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
            session[SESSION_SAVED_KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response


def stamp_session_start(sender, request, user, **kwargs):
    """Receiver of `user_logged_in`: remember when this session was opened."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SESSION_STARTED_KEY] = int(time.time())
        # The login writes the session (new key): it counts as the last save, so the first page after it does
        # not write it again (SessionRefreshMiddleware).
        session[SESSION_SAVED_KEY] = session[SESSION_STARTED_KEY]


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
