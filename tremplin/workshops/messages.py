"""Texts sent to people about their enrolments, queued through the notifications room.

SMS are kept to one GSM-7 segment where possible (core/sms_text.py: € and the other GSM-7 characters
kept, plain quotes, other letters transliterated, emoji dropped), no personal data beyond the first
name (and usually not even that).
"""

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import gettext, override
from django.utils.translation import gettext_lazy as _

from tremplin.core.sms_text import gsm7_length, to_gsm7
from tremplin.core.text import fill, inside_quotes
from tremplin.network.timezones import site_localtime

from .tokens import respond_url

SMS_LIMIT = 160


def gsm7(text):
    """The SMS as it will be sent (GSM-7: € kept, œ → oe, emoji dropped), see core/sms_text.py."""
    return to_gsm7(text)


def fits(text):
    return gsm7_length(gsm7(text)) <= SMS_LIMIT


def when(session):
    """'mar. 3 mars 14h00' in French, in the site's time zone."""
    local = site_localtime(session.starts_at, session.site)
    with override("fr"):
        day = date_format(local, "D j F")
    return f"{day} {local:%H}h{local:%M}"


WEEKDAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def short_when(session):
    """'mar. 03/03 14h00' for SMS, in the site's time zone."""
    local = site_localtime(session.starts_at, session.site)
    return f"{WEEKDAYS[local.weekday()]} {local:%d/%m} {local:%H}h{local:%M}"


def place(session):
    site = session.site
    return f"{site.address}, {site.commune}"


SUBJECTS = {
    "enrolment_confirmation": _("Votre inscription à un atelier Tremplin"),
    "reminder_2_days": _("Rappel : votre atelier Tremplin dans 2 jours"),
    "reminder_same_day": _("Rappel : votre atelier Tremplin aujourd'hui"),
    "cancellation": _("Atelier Tremplin annulé"),
    "move": _("Atelier Tremplin déplacé"),
    "waitlist_promotion": _("Une place s'est libérée pour votre atelier Tremplin"),
}
LEADS = {
    "enrolment_confirmation": _("Vous êtes inscrit·e à l'atelier « %(title)s »"),
    "reminder_2_days": _("Rappel : atelier « %(title)s »"),
    "reminder_same_day": _("Aujourd'hui : atelier « %(title)s »"),
    "cancellation": _("L'atelier suivant est annulé : « %(title)s »"),
    "move": _("L'atelier « %(title)s » change d'horaire"),
    "waitlist_promotion": _("Une place s'est libérée : vous êtes inscrit·e à l'atelier « %(title)s »"),
}
SMS_LEADS = {
    "enrolment_confirmation": _("inscription"),
    "reminder_2_days": _("rappel"),
    "reminder_same_day": _("aujourd'hui"),
    "cancellation": _("ANNULE"),
    "move": _("NOUVEL HORAIRE"),
    "waitlist_promotion": _("place libérée"),
}


def compose(kind, enrollment, *, previous_start=None):
    """(subject, body, sms_body, action_url) for one message about `enrollment`, in the site's language."""
    with override(settings.LANGUAGE_CODE):
        return _compose(kind, enrollment, previous_start)


def _compose(kind, enrollment, previous_start):
    session = enrollment.session
    title = session.workshop.title
    url = respond_url(enrollment)
    lines = [
        gettext("Bonjour %(name)s,") % {"name": enrollment.beneficiary.first_name},
        "",
        fill(LEADS[kind], title=title),
        gettext("le %(when)s, %(place)s") % {"when": when(session), "place": place(session)}
        + (gettext(" (salle %(room)s)") % {"room": session.room} if session.room else "")
        + ".",
    ]
    if kind == "move" and previous_start is not None:
        old = site_localtime(previous_start, session.site)
        lines.append(gettext("(au lieu du %(day)s à %(time)s)") % {"day": f"{old:%d/%m}", "time": f"{old:%Hh%M}"})
    if kind == "cancellation":
        lines += ["", gettext("L'équipe de l'espace vous proposera une autre date.")]
        url = ""
    else:
        lines += ["", gettext("Pour confirmer votre venue ou annuler : %(url)s") % {"url": url}]
    lines += ["", gettext("L'équipe %(site)s") % {"site": session.site.name}]
    body = "\n".join(lines)

    action = gettext(" Répondre : %(url)s") % {"url": url} if url else ""
    head = f"Tremplin : {SMS_LEADS[kind]}"
    # The SMS puts the title between plain double quotes: quotes inside it become single ones ("Parcours 'Débuter'").
    title = inside_quotes(title).replace("“", "'").replace("”", "'")
    variants = [
        f'{head} "{title}" {short_when(session)}, {place(session)}.{action}',
        f'{head} "{title}" {short_when(session)}.{action}',
    ]
    sms = next((gsm7(v) for v in variants if fits(v)), None)
    if sms is None:  # a long title: shorten it rather than send two segments
        cut = len(title)
        shortened = variants[1]
        while cut > 8:
            shortened = f'{head} "{title[:cut]}." {short_when(session)}.{action}'
            if fits(shortened):
                break
            cut -= 1
        sms = gsm7(shortened)
    return str(SUBJECTS[kind]), body, sms, url
