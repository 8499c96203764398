"""The versions of the information notice: one draft at a time, published versions frozen."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.notice import InformationNotice


def current_draft():
    return InformationNotice.objects.filter(published_at__isnull=True).order_by("-version").first()


@transaction.atomic
def start_draft(actor):
    """The draft being written, or a new one (version N + 1) copied from the last version."""
    # Lock the versions so two people starting a draft at once do not both create N + 1.
    list(InformationNotice.objects.select_for_update().values_list("pk", flat=True))
    draft = current_draft()
    if draft is not None:
        return draft
    last = InformationNotice.objects.order_by("-version").first()
    number = (InformationNotice.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    return InformationNotice.objects.create(
        version=number,
        text=last.text if last else "",
        text_falc=last.text_falc if last else "",
        translations=dict(last.translations or {}) if last else {},
        edited_by=actor,
    )


@transaction.atomic
def publish(actor, notice):
    """Freeze the draft: from now on it is the version given at reception."""
    notice = InformationNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.is_published:
        raise ValidationError(_("Cette version est déjà publiée."))
    if not notice.text.strip():
        raise ValidationError(_("Écrivez le texte en français avant de publier."))
    InformationNotice.objects.filter(pk=notice.pk).update(published_at=timezone.now(), edited_by=actor)
    notice.refresh_from_db()
    return notice
