"""Append-only access log: who did what to which record, and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an access-log entry."""


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def for_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AccessLog(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", _("Consultation")
        CREATE = "create", _("Création")
        UPDATE = "update", _("Modification")
        EXPORT = "export", _("Export")
        PRINT = "print", _("Impression")
        MERGE = "merge", _("Fusion")
        ANONYMISE = "anonymise", _("Anonymisation")
        DEACTIVATE = "deactivate", _("Désactivation")

    # PROTECT: an account that appears in the log can be deactivated, never deleted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The object is named by type and opaque id only, never by anything personal.
    object_type = models.CharField(_("type d'objet"), max_length=100)
    object_id = models.CharField(_("identifiant"), max_length=64)
    reason = models.CharField(_("motif"), max_length=200, blank=True)
    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("entrée du journal d'accès")
        verbose_name_plural = _("journal d'accès")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="accesslog_object_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")


def log_access(actor, obj, action, reason=""):
    """Write one access-log entry for `obj` (any model instance). Returns the entry."""
    return AccessLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        reason=reason[:200],
    )
