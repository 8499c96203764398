"""Texts sent to people about their enrolments, queued through the notifications room.

SMS are kept to one GSM-7 segment where possible: plain quotes, accents outside GSM-7 folded, no
personal data beyond the first name (and usually not even that).
"""

import unicodedata

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from .tokens import respond_url

# GSM 03.38 basic character set (the extension table is left out: those count double).
GSM7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
SMS_LIMIT = 160


def gsm7(text):
    """Fold characters outside GSM-7 so that the SMS is not sent as (three times shorter) UCS-2."""
    for quote in ("«\u00a0", "« ", "«", "\u00a0»", " »", "»"):
        text = text.replace(quote, '"')
    text = text.replace("’", "'").replace("\u00a0", " ").replace("—", "-").replace("–", "-")
    out = []
    for char in text:
        if char in GSM7:
            out.append(char)
        else:
            folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(folded if folded and all(c in GSM7 for c in folded) else "?")
    return "".join(out)


def when(session):
    """'mar. 3 mars 14h00' in French, in the site's (the server's) time zone."""
    local = timezone.localtime(session.starts_at)
    with override("fr"):
        day = date_format(local, "D j F")
    return f"{day} {local:%H}h{local:%M}"


WEEKDAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def short_when(session):
    """'mar. 03/03 14h00' for SMS."""
    local = timezone.localtime(session.starts_at)
    return f"{WEEKDAYS[local.weekday()]} {local:%d/%m} {local:%H}h{local:%M}"


def place(session):
    site = session.site
    return f"{site.address}, {site.commune}"


def compose(kind, enrollment, *, previous_start=None):
    """(subject, body, sms_body, action_url) for one message about `enrollment`."""
    session = enrollment.session
    title = session.workshop.title
    url = respond_url(enrollment)
    first_name = enrollment.beneficiary.first_name
    subjects = {
        "enrolment_confirmation": "Votre inscription à un atelier Tremplin",
        "reminder_2_days": "Rappel : votre atelier Tremplin dans 2 jours",
        "reminder_same_day": "Rappel : votre atelier Tremplin aujourd'hui",
        "cancellation": "Atelier Tremplin annulé",
        "move": "Atelier Tremplin déplacé",
        "waitlist_promotion": "Une place s'est libérée pour votre atelier Tremplin",
    }
    leads = {
        "enrolment_confirmation": "vous êtes inscrit·e à l'atelier",
        "reminder_2_days": "rappel : atelier",
        "reminder_same_day": "aujourd'hui : atelier",
        "cancellation": "l'atelier suivant est annulé :",
        "move": "l'atelier change d'horaire :",
        "waitlist_promotion": "une place s'est libérée, vous êtes inscrit·e à l'atelier",
    }
    sms_leads = {
        "enrolment_confirmation": "inscription",
        "reminder_2_days": "rappel",
        "reminder_same_day": "aujourd'hui",
        "cancellation": "ANNULE",
        "move": "NOUVEL HORAIRE",
        "waitlist_promotion": "place libérée",
    }
    lines = [
        f"Bonjour {first_name},",
        "",
        f"{leads[kind].capitalize()} « {title} »",
        f"le {when(session)}, {place(session)}" + (f" (salle {session.room})" if session.room else "") + ".",
    ]
    if kind == "move" and previous_start is not None:
        old = timezone.localtime(previous_start)
        lines.append(f"(au lieu du {old:%d/%m à %Hh%M})")
    if kind == "cancellation":
        lines += ["", "L'équipe de l'espace vous proposera une autre date."]
        url = ""
    else:
        lines += ["", f"Pour confirmer votre venue ou annuler : {url}"]
    lines += ["", f"L'équipe {session.site.name}"]
    body = "\n".join(lines)

    action = f" Répondre : {url}" if url else ""
    head = f"Tremplin : {sms_leads[kind]}"
    variants = [
        f'{head} "{title}" {short_when(session)}, {place(session)}.{action}',
        f'{head} "{title}" {short_when(session)}.{action}',
    ]
    sms = next((gsm7(v) for v in variants if len(gsm7(v)) <= SMS_LIMIT), None)
    if sms is None:  # a long title: shorten it rather than send two segments
        room = SMS_LIMIT - len(gsm7(variants[1])) + len(title) - 1
        sms = gsm7(f'{head} "{title[: max(room, 8)]}…" {short_when(session)}.{action}'.replace("…", "."))
    return subjects[kind], body, sms, url
