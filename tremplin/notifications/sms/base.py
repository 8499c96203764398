"""The SMS backend interface: send(to_e164, text) -> provider message id, or raise SmsError."""

from abc import ABC, abstractmethod

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "tremplin.notifications.sms.console.ConsoleBackend"


class SmsError(Exception):
    """A provider refused or failed to take the SMS.

    `code` is short and free of personal data (it is stored in Message.last_error and logged);
    `retriable` says whether trying again later may succeed (timeouts, 5xx, rate limits).
    """

    def __init__(self, code, *, retriable=True):
        super().__init__(code)
        self.code = code
        self.retriable = retriable


class BaseSmsBackend(ABC):
    @abstractmethod
    def send(self, to_e164, text):
        """Send `text` to `to_e164`; return the provider's message id or raise SmsError."""


def get_backend():
    path = getattr(settings, "TREMPLIN_SMS_BACKEND", DEFAULT_BACKEND)
    return import_string(path)()
