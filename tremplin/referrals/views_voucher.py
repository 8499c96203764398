"""The voucher (bon d'orientation): a large-print page and a PDF, for the referrer or the site."""

from django.shortcuts import get_object_or_404, render

from tremplin.core.models import AccessLog
from tremplin.core.pdf import pdf_response
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role

from . import services
from .voucher_pdf import build_voucher, voucher_context

VOUCHER_ROLES = (Role.REFERRER, Role.SITE_MANAGER, Role.MEDIATOR)


def _get(request, pk):
    from .models import Referral

    return get_object_or_404(Referral.objects.visible_to(request.user).select_related("target_site"), pk=pk)


@role_required(*VOUCHER_ROLES)
def voucher_page(request, pk):
    referral = _get(request, pk)
    services.view_referral(request.user, referral, reason="voucher")
    return render(request, "referrals/voucher.html", voucher_context(referral))


@role_required(*VOUCHER_ROLES)
def voucher_pdf(request, pk):
    referral = _get(request, pk)
    services.view_referral(request.user, referral, action=AccessLog.Action.PRINT, reason="voucher")
    return pdf_response(build_voucher(referral), f"bon-orientation-{referral.voucher_code}.pdf")
