"""A form that comes back with errors starts with a summary: one linked line per error (DSFR pattern)."""

import re

from django.template.loader import render_to_string
from django.urls import reverse


def test_a_failed_form_starts_with_a_summary_linking_each_field_in_error(client_as):
    response = client_as("network_admin").post(
        reverse("network:site_create"), {"name": "Espace de test", "postal_code": "6900", "commune": "Lyon"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    start = content.index("data-error-summary")
    summary = content[start : content.index("</div>", start)]
    form = response.context["form"]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert len(targets) == sum(len(errors) for name, errors in form.errors.items() if name != "__all__")
    assert "id_postal_code" in targets
    for target in targets:
        assert f'id="{target}"' in content, f"the summary links to #{target}, which is not on the page"
    # The summary comes before the first field of the form.
    assert content.index("data-error-summary") < content.index('id="id_name"')


def test_a_form_without_errors_has_no_summary(client_as):
    content = client_as("network_admin").get(reverse("network:site_create")).content.decode()

    assert "data-error-summary" not in content


def test_the_summary_counts_its_errors_in_french():
    from django import forms

    class TwoFields(forms.Form):
        a = forms.CharField(label="Nom")
        b = forms.CharField(label="Commune")

    one = render_to_string("core/includes/error_summary.html", {"form": TwoFields({"a": "x"})})
    two = render_to_string("core/includes/error_summary.html", {"form": TwoFields({})})

    assert "Le formulaire contient une erreur :" in one
    assert "Le formulaire contient 2 erreurs :" in two
    assert '<a href="#id_b">Commune : Ce champ est obligatoire.</a>' in two
