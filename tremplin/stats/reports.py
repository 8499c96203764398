"""Funder reports: one click gives a PDF for a programme or a scope and period (see report_pdf.py).

The request is kept (`FunderReport`): who asked, for what scope and period, and the free-text introduction
the site manager wrote — so the same report can be downloaded again, with figures recomputed from the data.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .saved_scope import SavedScope


class FunderReportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_network_admin:
            return self
        return self.filter(created_by=user)


class FunderReport(SavedScope):
    title = models.CharField(_("titre du rapport"), max_length=150)
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("Quelques lignes en tête du rapport : le contexte, les temps forts, les remerciements."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FunderReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapport financeur")
        verbose_name_plural = _("rapports financeurs")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stats:report_pdf", args=[self.pk])
