"""The Brevo adapter against recorded answers of the documented API (urlopen is replaced)."""

import io
import json
import urllib.error
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured

from tremplin.notifications.sms.base import SmsError
from tremplin.notifications.sms.brevo import API_URL, BrevoBackend

SUCCESS = b'{"messageId": 1511882900176220}'
BAD_NUMBER = b'{"code": "invalid_parameter", "message": "Invalid phone number"}'
NO_CREDIT = b'{"code": "not_enough_credits", "message": "Not enough credits"}'


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def http_error(status, body=b""):
    return urllib.error.HTTPError(API_URL, status, "error", {}, io.BytesIO(body))


@pytest.fixture
def backend(settings):
    settings.BREVO_API_KEY = "xkeysib-test"
    settings.TREMPLIN_SMS_SENDER = "Tremplin"
    return BrevoBackend()


def test_a_successful_send_returns_brevo_message_id_and_posts_the_documented_body(backend):
    with mock.patch("urllib.request.urlopen", return_value=FakeResponse(SUCCESS)) as urlopen:
        assert backend.send("+33612345678", "Rappel : atelier jeudi à 14 h") == "1511882900176220"
    request = urlopen.call_args.args[0]
    assert request.full_url == "https://api.brevo.com/v3/transactionalSMS/send"
    assert request.get_method() == "POST"
    assert request.get_header("Api-key") == "xkeysib-test"
    assert json.loads(request.data) == {
        "sender": "Tremplin",
        "recipient": "33612345678",
        "content": "Rappel : atelier jeudi à 14 h",
        "type": "transactional",
        "unicodeEnabled": False,
    }


def test_a_text_outside_gsm7_is_sent_as_unicode(backend):
    with mock.patch("urllib.request.urlopen", return_value=FakeResponse(SUCCESS)) as urlopen:
        backend.send("+33612345678", "Ça commence, êtes-vous prêt ?")
    assert json.loads(urlopen.call_args.args[0].data)["unicodeEnabled"] is True


def test_a_bad_request_is_a_permanent_error_without_personal_data(backend):
    with (
        mock.patch("urllib.request.urlopen", side_effect=http_error(400, BAD_NUMBER)),
        pytest.raises(SmsError) as caught,
    ):
        backend.send("+33612345678", "Bonjour")
    assert caught.value.code == "brevo:http_400:invalid_parameter"
    assert caught.value.retriable is False
    assert "3361" not in caught.value.code


@pytest.mark.parametrize("status", [402, 429, 500, 503])
def test_server_errors_rate_limits_and_credit_problems_are_retried(backend, status):
    with (
        mock.patch("urllib.request.urlopen", side_effect=http_error(status, NO_CREDIT)),
        pytest.raises(SmsError) as caught,
    ):
        backend.send("+33612345678", "Bonjour")
    assert caught.value.retriable is True


@pytest.mark.parametrize(
    ("exception", "code"),
    [(TimeoutError(), "brevo:timeout"), (urllib.error.URLError("refused"), "brevo:network")],
)
def test_timeouts_and_network_errors_are_retried(backend, exception, code):
    with mock.patch("urllib.request.urlopen", side_effect=exception), pytest.raises(SmsError) as caught:
        backend.send("+33612345678", "Bonjour")
    assert (caught.value.code, caught.value.retriable) == (code, True)


def test_an_unreadable_answer_is_an_error(backend):
    with (
        mock.patch("urllib.request.urlopen", return_value=FakeResponse(b"<html>")),
        pytest.raises(SmsError, match="bad_response"),
    ):
        backend.send("+33612345678", "Bonjour")


def test_the_backend_refuses_to_start_without_an_api_key(settings):
    settings.BREVO_API_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        BrevoBackend()
