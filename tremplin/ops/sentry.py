"""Optional error reporting with the Sentry SDK: off unless SENTRY_DSN is set; nothing personal leaves.

send_default_pii=False keeps cookies, user IP and user details out; `scrub` also removes what an error may
carry anyway: request bodies, query strings, headers other than a few technical ones, local variables,
breadcrumb messages and the text of log records (they may quote a form value). Only ids remain.
"""

import re

KEPT_HEADERS = {"content-type", "content-length", "user-agent", "x-request-id", "accept-language"}
# What an exception message may quote: e-mail addresses and phone numbers (French and international forms).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(\+|00)?\d[\d .-]{7,}\d")
FILTERED = "[filtré]"


def _clean_text(text):
    if not isinstance(text, str):
        return text
    return _PHONE.sub(FILTERED, _EMAIL.sub(FILTERED, text))


def scrub(event, hint=None):
    """Sentry before_send: keep what locates the error (type, stack, URL path, request id), drop the rest."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("query_string", None)
        request.pop("env", None)
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
        if "url" in request:
            request["url"] = request["url"].split("?", 1)[0]
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values", []) or []:
        exception["value"] = _clean_text(exception.get("value"))
        for frame in (exception.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)
    for thread in (event.get("threads") or {}).get("values", []) or []:
        for frame in (thread.get("stacktrace") or {}).get("frames", []) or []:
            frame.pop("vars", None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        logentry["message"] = _clean_text(logentry.get("message"))
        if "formatted" in logentry:
            logentry["formatted"] = _clean_text(logentry["formatted"])
    if "message" in event:
        event["message"] = _clean_text(event["message"])
    breadcrumbs = event.get("breadcrumbs")
    values = breadcrumbs.get("values", []) if isinstance(breadcrumbs, dict) else breadcrumbs or []
    for crumb in values:
        crumb.pop("data", None)
        if "message" in crumb:
            crumb["message"] = _clean_text(crumb["message"])
    event.pop("extra", None)
    return event


def init_sentry(dsn, environment):
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=scrub,
        traces_sample_rate=0.0,
    )
