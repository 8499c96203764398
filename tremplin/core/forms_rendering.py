"""Every form says which fields may be left empty (RGAA 11.10; DSFR's convention).

A form with required fields opens with « Sauf mention contraire, tous les champs sont obligatoires. »
(core/includes/form_fields.html) and each optional field's label ends with « (facultatif) ». A form where
nothing is required (a search, the filters of a list) is not marked: every field there is optional.
The renderer (settings.FORM_RENDERER) gives every form this bound field, so a form added later is marked
without changing it. Left alone: checkboxes (unticked is an answer, not a gap), file inputs, hidden fields,
and labels that already say it (« facultatif », or « obligatoire pour… » when a field is required only in
some cases).
"""

from django.forms import BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext as _

ALREADY_SAID = ("facultatif", "obligatoire", "optional", "required")


def has_required_fields(form):
    """True when a visible field of `form` must be filled (its optional fields are then marked)."""
    return any(field.required and not field.widget.is_hidden for field in form.fields.values())


class MarkedBoundField(BoundField):
    def _marked(self, contents):
        label = str(self.label if contents is None else contents)
        if (
            self.field.required
            or not has_required_fields(self.form)
            or self.is_hidden
            or self.widget_type in ("checkbox", "clearablefile")
            or not label
            or any(word in label.casefold() for word in ALREADY_SAID)
        ):
            return contents
        return _("%(label)s (facultatif)") % {"label": label}

    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(self._marked(contents), attrs, label_suffix, tag)

    def legend_tag(self, contents=None, attrs=None, label_suffix=None):
        return super().legend_tag(self._marked(contents), attrs, label_suffix)


class FormRenderer(DjangoTemplates):
    bound_field_class = MarkedBoundField
