"""A few messages so the demo shows the SMS counts and the "to call" list (fake people, never sent)."""

from datetime import timedelta

from django.utils import timezone

from tremplin.people.models import Beneficiary

from .models import Channel, Kind, Message, Status
from .sms.segments import count_segments

TEXTS = [
    (Kind.REMINDER_2_DAYS, 'Rappel : atelier "Premiers pas" jeudi à 14h, Tremplin Lyon, 12 rue de Marseille.'),
    (Kind.REMINDER_SAME_DAY, "Tremplin : votre atelier commence ce matin à 10h. Bonne journée !"),
    (Kind.ENROLMENT_CONFIRMATION, "Tremplin : inscription confirmée à l'atelier Créer son adresse e-mail."),
]


def seed(demo):
    site = demo.sites.get("lyon")
    if site is None:
        return
    people = list(Beneficiary.objects.filter(sites=site).active().order_by("pk")[:8])
    now = timezone.now()
    for index, person in enumerate(people):
        kind, text = TEXTS[index % len(TEXTS)]
        to_call = index >= 6
        encoding, segments = count_segments(text)
        sent_at = None if to_call else now - timedelta(days=index * 9)
        Message.objects.update_or_create(
            dedupe_key=f"demo:{index}",
            defaults={
                "recipient": person,
                "site": site,
                "channel": Channel.PHONE if to_call else Channel.SMS,
                "kind": kind,
                "subject": str(kind.label),
                "body": text,
                "sms_body": text,
                "due_at": sent_at or now - timedelta(hours=1),
                "status": Status.QUEUED if to_call else Status.SENT,
                "sent_at": sent_at,
                "attempts": 0 if to_call else 1,
                "encoding": "" if to_call else encoding,
                "segments": 0 if to_call else segments,
                "provider_message_id": "" if to_call else f"demo-{index}",
            },
        )
