"""Development backend: prints the SMS on the console, with the number masked."""

import sys
import uuid

from .base import BaseSmsBackend


def mask(number):
    number = str(number)
    return number[:3] + "•" * max(len(number) - 5, 0) + number[-2:]


class ConsoleBackend(BaseSmsBackend):
    stream = None

    def send(self, to_e164, text):
        stream = self.stream or sys.stdout
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        stream.write(f"--- SMS {message_id} to {mask(to_e164)} ---\n{text}\n---\n")
        stream.flush()
        return message_id
