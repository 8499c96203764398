"""Rows of the cash journal are written once: the ORM refuses updates and deletes (PostgreSQL also, by trigger).

The triggers are created by migration 0002 (`till_refuse_change`); they also stop raw SQL. SQLite has no
such trigger here: the verifier (services/verify.py) is what detects a change there.
"""

from django.db import models


class JournalAltered(Exception):
    """Raised when code tries to change or remove a row of the cash journal."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise JournalAltered("Le journal de caisse est inaltérable : aucune modification.")

    def delete(self):
        raise JournalAltered("Le journal de caisse est inaltérable : aucune suppression.")

    def _raw_delete(self, using):
        raise JournalAltered("Le journal de caisse est inaltérable : aucune suppression.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise JournalAltered("Le journal de caisse est inaltérable : aucune modification.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise JournalAltered("Le journal de caisse est inaltérable : aucune suppression.")
