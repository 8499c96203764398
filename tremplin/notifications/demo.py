"""A few messages so the demo shows the SMS counts and the "to call" list (fake people, never sent)."""

from datetime import timedelta

from django.utils import timezone

from tremplin.people.models import Beneficiary

from .models import Channel, Kind, Message, Status
from .services import choose_channel
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
    # Each message goes by the channel its person asked for: the "to call" ones to people who chose a call
    # (a demo message on the call list for someone who asked for SMS would say the wrong thing).
    # Lyon's people, then Villeurbanne's (the same mediator): Lyon's demo records mostly ask for SMS.
    nearby = [site] + [other for other in [demo.sites.get("villeurbanne")] if other is not None]
    people = {}  # person -> the first of those sites that follows them
    for place in nearby:
        for person in Beneficiary.objects.filter(sites=place).active().order_by("pk"):
            people.setdefault(person, place)
    by_sms = [person for person in people if choose_channel(person) == Channel.SMS][:6]
    by_call = [person for person in people if choose_channel(person) == Channel.PHONE][:2]
    now = timezone.now()
    for index, person in enumerate(by_sms + by_call):
        kind, text = TEXTS[index % len(TEXTS)]
        to_call = person in by_call
        encoding, segments = count_segments(text)
        sent_at = None if to_call else now - timedelta(days=index * 9)
        Message.objects.update_or_create(
            dedupe_key=f"demo:{index}",
            defaults={
                "recipient": person,
                "site": people[person],
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
