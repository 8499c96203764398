"""The create-or-edit pattern shared by the reference screens (sites, partners, catalogue, price grid…)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render


def save_or_render(request, form, *, template, context=None, success_message, success_url=None, save=None):
    """On a valid POST: save (`save(form)` or `form.save()`), flash `success_message`, redirect to
    `success_url` (default: the saved object's page). Otherwise render `template` with the form and its
    errors; a ValidationError raised by `save` is shown on the form, nothing half-saved."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form) if save else form.save()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success_message)
            return redirect(success_url or saved)
    return render(request, template, {"form": form, **(context or {})})
