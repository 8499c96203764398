"""The page a person reaches from a reminder: confirm or cancel, no account needed."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tremplin.network.timezones import site_time

from . import services
from .models import Enrollment, EnrollmentStatus
from .tokens import InvalidToken, read_token


def _enrollment(token):
    """The enrolment a valid, unexpired link names; None otherwise (the page says the link expired)."""
    try:
        pk = read_token(token)
    except InvalidToken:
        return None
    enrollment = Enrollment.objects.select_related("session__workshop", "session__site", "beneficiary").filter(pk=pk)
    enrollment = enrollment.first()
    if enrollment is None or enrollment.session.has_started() or enrollment.session.is_cancelled:
        return None
    return enrollment


@login_not_required
@require_http_methods(["GET", "POST"])
def respond(request, token):
    """GET shows the session and two buttons; only POST changes anything."""
    enrollment = _enrollment(token)
    if enrollment is None:
        return render(request, "workshops/respond_invalid.html", status=410)
    done = ""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "cancel" and enrollment.status != EnrollmentStatus.CANCELLED:
            services.cancel_enrollment(enrollment, by=None)
            done = "cancelled"
        elif action == "confirm" and enrollment.status != EnrollmentStatus.CANCELLED:
            services.confirm_by_person(enrollment)
            done = "confirmed"
        enrollment.refresh_from_db()
    context = {
        "enrollment": enrollment,
        "session": enrollment.session,
        "first_name": enrollment.beneficiary.first_name,
        "done": done,
        "now": timezone.now(),
    }
    with site_time(enrollment.session.site):  # the person reads the time of their own site
        return render(request, "workshops/respond.html", context)
