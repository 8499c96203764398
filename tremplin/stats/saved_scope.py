"""A scope and period saved with a request (a funder report, a share link): a programme, some sites, or the
whole network, between two dates. `scope()` turns it back into the StatsScope the figures use."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from tremplin.core.text import fill

from .periods import Period
from .scope import StatsScope


class SavedScope(models.Model):
    programme = models.ForeignKey(
        "stats.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    sites = models.ManyToManyField("network.Site", blank=True, related_name="+", verbose_name=_("espaces"))
    whole_network = models.BooleanField(_("tout le réseau"), default=False)
    period_start = models.DateField(_("début de la période"))
    period_end = models.DateField(_("fin de la période"))

    class Meta:
        abstract = True

    @property
    def period(self):
        return Period(self.period_start, self.period_end, "personnalisee")

    @property
    def programme_site_ids(self):
        """With a programme: None (all its sites), or the sites it is limited to (a site manager's own)."""
        if not self.programme_id:
            return None
        return frozenset(self.sites.values_list("pk", flat=True)) or None

    def scope(self, *, mask_small_counts):
        if self.programme_id:
            return self.programme.scope(mask_small_counts=mask_small_counts, site_ids=self.programme_site_ids)
        if self.whole_network:
            return StatsScope.network(mask_small_counts=mask_small_counts)
        names = ", ".join(self.sites.order_by("name").values_list("name", flat=True))
        return StatsScope.for_sites(
            self.sites.values_list("pk", flat=True), label=names, mask_small_counts=mask_small_counts
        )

    @property
    def scope_label(self):
        if self.programme_id:
            label = fill(_("Programme « %(name)s »"), name=self.programme.name)
            if self.programme_site_ids is not None:
                names = ", ".join(self.sites.order_by("name").values_list("name", flat=True))
                label = fill(_("%(programme)s, limité à : %(sites)s"), programme=label, sites=names)
            return label
        if self.whole_network:
            return _("Tout le réseau")
        return ", ".join(self.sites.order_by("name").values_list("name", flat=True))
