"""One decorator for role checks. Refusals answer 404 so they reveal nothing (ARCHITECTURE.md §1)."""

from functools import wraps

from django.http import Http404


def role_required(*roles):
    """Allow the view to users holding at least one of `roles` in an active membership."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated or not request.user.has_role(*roles):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator
