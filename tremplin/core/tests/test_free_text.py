"""Free text has a limit, checked by the server with a French message and counted live in the browser."""

import pytest
from django import forms

from tremplin.core.formfields import FREE_TEXT_MAX_LENGTH, FreeTextField, FreeTextLimitsMixin, limit_free_text


class NoteForm(forms.Form):
    note = FreeTextField(label="Remarque", required=False)


def test_twenty_thousand_characters_are_refused_with_a_clear_message():
    form = NoteForm({"note": "a" * 20_000})

    assert not form.is_valid()
    assert form.errors["note"] == [
        "Ce texte est trop long : 2000 caractères au plus (il en compte 20000). Raccourcissez-le."
    ]


def test_a_text_at_the_limit_is_accepted():
    assert NoteForm({"note": "é" * FREE_TEXT_MAX_LENGTH}).is_valid()


def test_the_browser_gets_a_counter_but_no_maxlength_that_would_cut_a_pasted_text():
    html = str(NoteForm()["note"])

    assert 'data-max-length="2000"' in html
    assert "maxlength" not in html
    assert 'data-counter-text="{count} / {limit} caractères"' in html


def test_a_model_text_field_without_limit_gets_the_default_one_and_a_form_may_lower_it():
    from tremplin.network.models import Site

    class SiteNotesForm(FreeTextLimitsMixin, forms.ModelForm):
        free_text_limits = {"directions": 300}

        class Meta:
            model = Site
            fields = ["accessibility_notes", "directions"]
            widgets = {"accessibility_notes": forms.Textarea, "directions": forms.Textarea}

    form = SiteNotesForm()

    assert form.fields["accessibility_notes"].max_length == FREE_TEXT_MAX_LENGTH
    assert form.fields["directions"].max_length == 300


def test_a_stricter_existing_limit_is_kept():
    field = forms.CharField(max_length=200, widget=forms.Textarea)

    limit_free_text(field)

    assert field.max_length == 200


@pytest.mark.parametrize(
    "form_path",
    [
        "tremplin.referrals.forms.ReferralForm",
        "tremplin.network.forms.SiteForm",
        "tremplin.inventory.forms.DeviceForm",
        "tremplin.inventory.forms.DonorForm",
        "tremplin.inventory.forms.BatchForm",
        "tremplin.inventory.forms.TicketForm",
        "tremplin.inventory.forms.TicketCloseForm",
        "tremplin.inventory.forms.TransferReceiveForm",
        "tremplin.workshops.forms.WorkshopForm",
        "tremplin.people.forms.BeneficiaryForm",
    ],
)
def test_every_textarea_of_the_app_has_a_limit(form_path):
    from django.utils.module_loading import import_string

    form_class = import_string(form_path)
    textareas = {
        name: field for name, field in form_class.base_fields.items() if isinstance(field.widget, forms.Textarea)
    }
    # Mixins apply the limit when the form is built: check the fields of an instance where the class has none.
    if any(field.max_length is None for field in textareas.values()):
        assert issubclass(form_class, FreeTextLimitsMixin), form_path
    else:
        assert all(field.max_length <= FREE_TEXT_MAX_LENGTH for field in textareas.values()), form_path
    assert textareas, form_path
