from django import template

from tremplin.referrals.models import Referral

register = template.Library()


@register.simple_tag
def recent_referrals(user, limit=5):
    """The referrer's latest referrals, for their home page."""
    return list(
        Referral.objects.visible_to(user)
        .filter(referrer=user)
        .select_related("target_site")
        .order_by("-created_at")[:limit]
    )
