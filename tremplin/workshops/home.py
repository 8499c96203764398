"""Workshop figures and the week's sessions for the staff home pages."""

from datetime import datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tremplin.core.dates import display
from tremplin.core.home_counts import HomeCount, HomeList, HomeListItem
from tremplin.core.roles import SITE_ROLES

from .models import Session


def session_counts(user, role):
    if role not in SITE_ROLES:
        return []
    now = timezone.now()
    upcoming = Session.objects.visible_to(user).upcoming(now).filter(starts_at__lt=now + timedelta(days=7))
    count = upcoming.count()
    label = ngettext("séance dans les 7 prochains jours", "séances dans les 7 prochains jours", count)
    return [HomeCount(label, count, reverse("workshops:agenda"))]


MAX_HOME_SESSIONS = 15


def my_sessions(user, role):
    """Today's and the rest of this week's sessions at the user's sites (not the cancelled ones)."""
    if role not in SITE_ROLES:
        return []
    today = timezone.localdate()
    start = timezone.make_aware(datetime.combine(today, time.min))
    end = timezone.make_aware(datetime.combine(today + timedelta(days=7 - today.weekday()), time.min))
    sessions = list(
        Session.objects.filter(site_id__in=user.site_ids(*SITE_ROLES), starts_at__gte=start, starts_at__lt=end)
        .scheduled()
        .with_counts()
        .select_related("workshop", "site")
        .order_by("starts_at", "pk")[: MAX_HOME_SESSIONS + 1]
    )
    mine = set(
        Session.facilitators.through.objects.filter(user=user, session_id__in=[s.pk for s in sessions]).values_list(
            "session_id", flat=True
        )
    )
    several_sites = len({s.site_id for s in sessions}) > 1
    items = []
    for session in sessions[:MAX_HOME_SESSIONS]:
        day = timezone.localdate(session.starts_at)
        when = _("Aujourd'hui") if day == today else display(day, "day_heading").capitalize()
        badges = [session.state_label] if session.state in ("ongoing", "finished") else []
        if session.pk in mine:
            badges.append(_("vous animez"))
        hours = f"{display(session.starts_at, 'hour')}–{display(session.ends_at, 'hour')}"
        enrolled = session.confirmed_count
        detail = ngettext("%(count)s inscrit·e", "%(count)s inscrit·es", enrolled) % {"count": enrolled}
        detail = f"{detail} / {session.seats}"
        if several_sites:
            detail = f"{session.site.name} — {detail}"
        items.append(
            HomeListItem(
                label=f"{hours} {session.workshop.title}",
                url=session.get_absolute_url(),
                when=when,
                detail=detail,
                badges=tuple(badges),
            )
        )
    return [
        HomeList(
            key="sessions",
            order=10,
            title=_("Mes séances aujourd'hui et cette semaine"),
            items=items,
            empty=_("Aucune séance prévue d'ici dimanche dans vos espaces."),
            url=reverse("workshops:agenda"),
            link_label=_("Voir l'agenda"),
            more=max(len(sessions) - MAX_HOME_SESSIONS, 0),
        )
    ]
