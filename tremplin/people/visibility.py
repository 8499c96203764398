"""Least privilege, one rule everywhere: who may read a person's name (docs/roles.md).

The rule: a person's name, phone or e-mail appears only to a user whose scope includes the person, i.e.
`Beneficiary.objects.visible_to(user)` would return them (staff of a site that follows the person; a
referrer sees the people they referred through the referrals app, which keeps its own scope). The
national team and observers see aggregate figures and pseudonymous references only: « Personne n° 4F2A9C1B »,
made from the record's opaque id, never from the name.

Every page that shows a person someone else recorded (activities, devices, sessions, messages, till…)
goes through `person_label(user, person)` or the `{% person_name person %}` tag, never `{{ person }}`.
The ids the user may see are read once per request (one query, none for a user without a site role)
and kept on the user object, so a list of a hundred rows costs no query per row.
"""

from django.utils.translation import gettext as _

from tremplin.core.roles import SITE_CASEWORK_ROLES, Role

_CACHE = "_tremplin_visible_person_ids"


def visible_person_ids(user):
    """Ids of the people whose name `user` may read (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _CACHE, None)
    if cached is None:
        if not user.site_ids(*SITE_CASEWORK_ROLES, Role.VOLUNTEER):
            cached = frozenset()  # national team, observers, referrers: no query at all
        else:
            from .models import Beneficiary

            cached = frozenset(Beneficiary.objects.visible_to(user).values_list("pk", flat=True))
        setattr(user, _CACHE, cached)
    return cached


def may_see_person(user, person):
    """True when `user`'s scope includes `person` (a Beneficiary or its id)."""
    if person is None:
        return False
    return getattr(person, "pk", person) in visible_person_ids(user)


def pseudonym(person):
    """A reference that designates the person without naming them (from the opaque id)."""
    reference = str(getattr(person, "pk", person)).replace("-", "")[:8].upper()
    return _("Personne n° %(reference)s") % {"reference": reference}


def person_label(user, person):
    """The person's name for a user in scope, their pseudonym for anyone else ("" without a person)."""
    if person is None:
        return ""
    return str(person) if may_see_person(user, person) else pseudonym(person)
