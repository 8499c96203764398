"""Least privilege, one rule everywhere: who may read a person's name (docs/roles.md).

The rule: a person's name, phone or e-mail appears only to a user whose scope includes the person, i.e.
`Beneficiary.objects.visible_to(user)` would return them (staff of a site that follows the person; a
referrer sees the people they referred through the referrals app, which keeps its own scope). The
national team and observers see aggregate figures and pseudonymous references only: « Personne n° 4F2A9C1B »,
made from the record's opaque id, never from the name.

Every page that shows a person someone else recorded (activities, devices, sessions, messages, till…)
goes through `person_label(user, person)` or the `{% person_name person %}` tag, never `{{ person }}`.
Only the people actually shown are checked, never the whole scope (13,925 ids for the busiest site at
100,000 people: issue #14): a list calls `check_people(user, <the page's people>)` before rendering (one
query for the page, none for a user without a site role), and each answer is kept on the user object for
the request, so a list of a hundred rows costs one query, not one per row. A person nobody checked in
advance is checked on first use (one small query each).
"""

from django.utils.translation import gettext as _

from tremplin.core.roles import SITE_CASEWORK_ROLES, Role

_CACHE = "_tremplin_person_visibility"  # {person id: may the user read the name}


def _answers(user):
    answers = getattr(user, _CACHE, None)
    if answers is None:
        answers = {}
        setattr(user, _CACHE, answers)
    return answers


def check_people(user, people):
    """Decide at once, in one query, whether `user` may read each of `people` (Beneficiaries or ids, None skipped).

    For the lists: call it with the page's people before rendering their names. The answers are kept on
    the user object for the request; people already checked cost nothing.
    """
    if user is None or not user.is_authenticated:
        return
    answers = _answers(user)
    ids = {getattr(person, "pk", person) for person in people if person is not None} - answers.keys()
    if not ids:
        return
    if not user.site_ids(*SITE_CASEWORK_ROLES, Role.VOLUNTEER):
        seen = set()  # national team, observers, referrers: no query at all
    else:
        from .models import Beneficiary

        # EXISTS on the site links for the page's ids only (people/models/beneficiary.py `visible_to`).
        seen = set(Beneficiary.objects.visible_to(user).filter(pk__in=ids).order_by().values_list("pk", flat=True))
    answers.update((pk, pk in seen) for pk in ids)


def may_see_person(user, person):
    """True when `user`'s scope includes `person` (a Beneficiary or its id)."""
    if person is None or user is None or not user.is_authenticated:
        return False
    pk = getattr(person, "pk", person)
    answers = _answers(user)
    if pk not in answers:
        check_people(user, [pk])
    return answers.get(pk, False)


def pseudonym(person):
    """A reference that designates the person without naming them (from the opaque id)."""
    reference = str(getattr(person, "pk", person)).replace("-", "")[:8].upper()
    return _("Personne n° %(reference)s") % {"reference": reference}


def person_label(user, person):
    """The person's name for a user in scope, their pseudonym for anyone else ("" without a person)."""
    if person is None:
        return ""
    return str(person) if may_see_person(user, person) else pseudonym(person)
