"""What the open-data exports remember between two runs: when each published row last changed."""

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _


class PublishedRecord(models.Model):
    """The fingerprint of a published row and the day it last changed (the `date_maj` of the standards)."""

    kind = models.CharField(_("jeu de données"), max_length=20)
    object_id = models.CharField(_("identifiant"), max_length=64)
    fingerprint = models.CharField(max_length=64)
    changed_on = models.DateField(_("modifié le"))

    class Meta:
        verbose_name = _("ligne publiée")
        verbose_name_plural = _("lignes publiées")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="opendata_published_record_unique"),
        ]

    def __str__(self):
        return f"{self.kind}#{self.object_id} {self.changed_on}"

    @classmethod
    def dates_for(cls, kind, fingerprints, today, *, record_changes=False):
        """{object id: day its content last changed}: the recorded day while the fingerprint is unchanged, else today.

        Only the daily job `refresh_open_data` records (`record_changes=True`); an export answering a GET
        reads and never writes (a GET changes no data).
        """
        known = {r.object_id: r for r in cls.objects.filter(kind=kind, object_id__in=[str(k) for k in fingerprints])}
        dates = {}
        for key, fingerprint in fingerprints.items():
            record = known.get(str(key))
            if not record_changes:
                dates[key] = record.changed_on if record is not None and record.fingerprint == fingerprint else today
                continue
            if record is None:
                try:
                    with transaction.atomic():
                        record = cls.objects.create(
                            kind=kind, object_id=str(key), fingerprint=fingerprint, changed_on=today
                        )
                except IntegrityError:  # a concurrent export recorded it first
                    record = cls.objects.get(kind=kind, object_id=str(key))
            if record.fingerprint != fingerprint:
                cls.objects.filter(pk=record.pk).update(fingerprint=fingerprint, changed_on=today)
                record.changed_on = today
            dates[key] = record.changed_on
        return dates
