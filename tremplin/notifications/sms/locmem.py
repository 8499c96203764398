"""Test backend: keeps sent SMS in `outbox`, like Django's mail.outbox."""

from dataclasses import dataclass
from itertools import count

from .base import BaseSmsBackend

outbox = []
_ids = count(1)


@dataclass(frozen=True)
class SentSms:
    to: str
    text: str
    message_id: str


class LocmemBackend(BaseSmsBackend):
    def send(self, to_e164, text):
        message_id = f"locmem-{next(_ids)}"
        outbox.append(SentSms(to=str(to_e164), text=text, message_id=message_id))
        return message_id
