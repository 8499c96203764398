"""Staff pages: the "to call" list and the monthly SMS counts."""

from datetime import timedelta

from django.contrib import messages as flash
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from .models import Message
from .services import call_reason, mark_called, monthly_sms_stats

# Messages due within this delay are listed, so that one call can pass on today's and tomorrow's.
CALL_AHEAD = timedelta(days=1)
CALLERS = (Role.SITE_MANAGER, Role.MEDIATOR)
STATS_READERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


@role_required(*CALLERS)
def to_call(request):
    waiting = Message.objects.visible_to(request.user).to_call().select_related("recipient", "site")
    horizon = timezone.now() + CALL_AHEAD
    page = paginate(waiting.filter(due_at__lte=horizon).order_by("due_at", "pk"), request.GET.get("page"))
    for message in page:
        message.call_reason = call_reason(message)
    later = waiting.filter(due_at__gt=horizon).count()
    return render(request, "notifications/to_call.html", {"page": page, "later": later})


@require_POST
@role_required(*CALLERS)
def message_called(request, uuid):
    message = get_object_or_404(Message.objects.visible_to(request.user).to_call(), uuid=uuid)
    mark_called(request.user, message)
    flash.success(request, _("Message noté comme transmis par téléphone."))
    return redirect("notifications:to_call")


@role_required(*STATS_READERS)
def sms_stats(request):
    site_ids = None if request.user.is_network_admin else request.user.site_ids(Role.SITE_MANAGER)
    rows = monthly_sms_stats(site_ids)
    totals = {"sms": sum(row["sms"] for row in rows), "segments": sum(row["segments"] or 0 for row in rows)}
    return render(request, "notifications/sms_stats.html", {"rows": rows, "totals": totals})
