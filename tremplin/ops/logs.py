"""Structured logs: each line carries the request's id and the user's id, never a name, e-mail or phone.

RequestIdMiddleware gives every request an id (the proxy's X-Request-ID when it is a plain token, else a new
one), returns it in the X-Request-ID response header, and puts it with the user's numeric id in a context
variable that RequestContextFilter copies onto every log record of the request (jobs get "-").
"""

import re
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.utils.functional import SimpleLazyObject, empty

_context = ContextVar("tremplin_log_context", default=None)
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextFilter:
    def filter(self, record):
        context = _context.get() or {}
        record.request_id = context.get("request_id", "-")
        user = context.get("user")
        user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
        record.user_id = user_id if user_id is not None else "-"
        # Django attaches the request to its error records: keep the method and path, never the query string
        # (a search may carry a name) nor the headers.
        request = getattr(record, "request", None)
        if request is not None and not isinstance(request, str):
            record.request = f"{getattr(request, 'method', '')} {getattr(request, 'path', '')}"
        return True


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _TOKEN.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # The user is read lazily: AuthenticationMiddleware sets request.user after this middleware runs.
        # Kept until the response is closed (request_finished): Django logs 4xx/5xx after the middleware returns.
        _context.set({"request_id": request_id, "user": _LazyUser(request)})
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _forget(**kwargs):
    _context.set(None)


request_finished.connect(_forget, dispatch_uid="ops.logs.forget_request")


class _LazyUser:
    def __init__(self, request):
        self.request = request

    def _user(self):
        # Only a user already loaded: loading it here could log again from inside the loading (recursion).
        user = self.request.__dict__.get("user")
        if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
            return None
        return user

    @property
    def is_authenticated(self):
        user = self._user()
        return bool(user is not None and user.is_authenticated)

    @property
    def pk(self):
        return getattr(self._user(), "pk", None)
