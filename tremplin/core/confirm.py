"""A confirmation step for actions that cannot be undone or that tell someone else (e-mail, SMS).

The button on the page posts the action as usual; the view answers with a confirmation page that repeats the
posted values in hidden fields, says what will happen, and posts again with `confirmed=1`. No JavaScript needed.

    if not is_confirmed(request):
        return ask_confirmation(request, title=..., consequences=[...], confirm_label=..., cancel_url=...)
"""

from django.shortcuts import render

CONFIRM_FIELD = "confirmed"


def is_confirmed(request):
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def ask_confirmation(request, *, title, consequences, confirm_label, cancel_url, summary=None, danger=True):
    """The confirmation page for the current POST: same address, same values, plus confirmed=1."""
    carried = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", CONFIRM_FIELD)
        for value in values
    ]
    context = {
        "title": title,
        "summary": summary,
        "consequences": consequences,
        "confirm_label": confirm_label,
        "cancel_url": cancel_url,
        "carried": carried,
        "danger": danger,
        "action": request.path,
    }
    return render(request, "core/confirm.html", context)
