"""Brevo transactional SMS (https://developers.brevo.com/docs/transactional-sms-endpoints).

POST https://api.brevo.com/v3/transactionalSMS/send with the `api-key` header and a JSON body
{sender, recipient, content, type: "transactional", unicodeEnabled}; the answer is {"messageId": …}.
Errors come back as {"code": "…", "message": "…"} with a 4xx or 5xx status.
Settings: BREVO_API_KEY, TREMPLIN_SMS_SENDER (≤ 11 letters/digits), optional
TREMPLIN_BREVO_SMS_URL and TREMPLIN_SMS_TIMEOUT (seconds).
"""

import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import BaseSmsBackend, SmsError
from .segments import is_gsm7

API_URL = "https://api.brevo.com/v3/transactionalSMS/send"


class BrevoBackend(BaseSmsBackend):
    def __init__(self):
        self.api_key = getattr(settings, "BREVO_API_KEY", "")
        self.sender = getattr(settings, "TREMPLIN_SMS_SENDER", "Tremplin")
        self.url = getattr(settings, "TREMPLIN_BREVO_SMS_URL", API_URL)
        self.timeout = getattr(settings, "TREMPLIN_SMS_TIMEOUT", 10)
        if not self.api_key:
            raise ImproperlyConfigured("BREVO_API_KEY is required for the Brevo SMS backend.")

    def payload(self, to_e164, text):
        return {
            "sender": self.sender,
            # Brevo wants the number with its country code, digits only.
            "recipient": str(to_e164).lstrip("+"),
            "content": text,
            "type": "transactional",
            "unicodeEnabled": not is_gsm7(text),
        }

    def send(self, to_e164, text):
        request = urllib.request.Request(  # noqa: S310 - fixed https URL from settings
            self.url,
            data=json.dumps(self.payload(to_e164, text)).encode(),
            method="POST",
            headers={"api-key": self.api_key, "accept": "application/json", "content-type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise self._error_from(error) from None
        except TimeoutError:
            raise SmsError("brevo:timeout") from None
        except urllib.error.URLError:
            raise SmsError("brevo:network") from None
        except ValueError:
            raise SmsError("brevo:bad_response") from None
        message_id = answer.get("messageId") if isinstance(answer, dict) else None
        if message_id is None:
            raise SmsError("brevo:bad_response")
        return str(message_id)

    @staticmethod
    def _error_from(error):
        try:
            code = str(json.loads(error.read() or b"{}").get("code", ""))[:40]
        except (ValueError, AttributeError):
            code = ""
        # Rate limits, server errors and account problems (key, credit) may pass later; a bad request
        # (invalid number or content) never will.
        retriable = error.code in (401, 402, 403, 429) or error.code >= 500
        return SmsError(f"brevo:http_{error.code}" + (f":{code}" if code else ""), retriable=retriable)
