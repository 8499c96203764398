"""Model fields shared by the rooms."""

from django.db import models
from django.utils.encoding import force_str

from .formfields import IdentifierField, compact_identifier


class IdentifierCharField(models.CharField):
    """A CharField holding an identifier typed as printed (SIRET, RNA, IMEI, postal code…).

    Model validation, saving and exact lookups use the compact form (separators removed, upper-case if
    `upper`), so `max_length` counts the identifier's own characters, never the spaces of "356 000 000 09075".
    The column is a plain CharField: `deconstruct()` says so, and changing a field to this class needs no
    migration.
    """

    def __init__(self, *args, upper=False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs

    def _compact(self, value):
        return compact_identifier(value, upper=self.upper) if isinstance(value, str) else value

    def to_python(self, value):
        return self._compact(super().to_python(value))

    def get_prep_value(self, value):
        return self._compact(super().get_prep_value(value))

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": IdentifierField, "upper": self.upper, **kwargs})


def choice_label(attname, choices):
    """A `get_<field>_display()` method for a field with fixed `choices`, reading a dict built once.

    Django's own rebuilds the dict of every choice on each call and hashes each lazy label, which translates
    it: 22 translations for a device's status, category and grade, 550 for a list page of 25 devices (profiled,
    docs/performance.md "s19-stock"). The result is the same: the label in the active language (the lazy label is
    translated when called), or the stored value itself when it is not one of the choices. Define it in the
    model's body (`get_status_display = choice_label("status", Status.choices)`): Django keeps an explicit one.
    """
    labels = dict(choices)

    def get_display(self):
        value = getattr(self, attname)
        return force_str(labels.get(value, value), strings_only=True)

    get_display.__name__ = f"get_{attname}_display"
    return get_display
