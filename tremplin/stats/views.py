"""Statistics pages: aggregates only, for the scope the user's memberships grant (scope.py)."""

from django.shortcuts import render

from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import figures
from .forms import read_filters
from .programmes import apply_programme, programme_choices
from .scope import scope_for
from .smallcounts import RULE_TEXT

STATS_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER, Role.OBSERVER)


def effective_scope(scope, filters):
    """The scope narrowed by the site filter (a site outside the scope gives an empty scope, never more)."""
    if filters.site_id:
        return scope.narrowed_to_site(filters.site_id)
    return scope


@role_required(*STATS_ROLES)
def dashboard(request):
    scope = scope_for(request.user)
    form, period, filters = read_filters(
        request,
        scope,
        show_mediators=not scope.mask_small_counts,
        programme_choices=programme_choices(request.user),
    )
    scope = apply_programme(request.user, scope, filters)  # programmes.py (stats-reports)
    board = figures.dashboard(effective_scope(scope, filters), period, filters.replace(site_id=None))
    return render(
        request,
        "stats/dashboard.html",
        {
            "form": form,
            "board": board,
            "scope": scope,
            "mask": scope.mask_small_counts,
            "rule_text": RULE_TEXT,
            # An observer whose grants name no site (a programme without sites): say so rather than show zeros.
            "nothing_in_scope": scope.site_ids == frozenset() and not filters.programme_id,
        },
    )
