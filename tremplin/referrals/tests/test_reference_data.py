"""A referral's address is read as referrers write it: official commune name, postal code as printed, no Cedex."""

import re

from django.urls import reverse

from tremplin.referrals import voucher
from tremplin.referrals.forms import ReferralForm

from .test_create_referral import form_data


def test_le_havre_is_accepted_with_or_without_its_article_and_stored_under_its_official_name(
    referrer, partner, proof_type
):
    for typed in ("Le Havre", "Havre"):
        form = ReferralForm(form_data(proof_type, partner, postal_code="76600", commune=typed), user=referrer)

        assert form.is_valid(), form.errors
        assert form.cleaned_data["commune"] == "Le Havre"


def test_a_postal_code_typed_with_a_space_is_read(referrer, partner, proof_type):
    form = ReferralForm(form_data(proof_type, partner, postal_code="76 600", commune="Havre"), user=referrer)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["postal_code"] == "76600"


def test_a_persons_address_is_never_a_cedex(referrer, partner, proof_type):
    form = ReferralForm(form_data(proof_type, partner, postal_code="69401", commune="Lyon Cedex 03"), user=referrer)

    assert form.errors["postal_code"] == ["Ce code postal n'existe pas."]


def test_the_browser_does_not_cut_a_postal_code_typed_with_a_space(client_as, partner):
    html = client_as("referrer", at=partner).get(reverse("referrals:create")).content.decode()

    postal_input = re.search(r'<input[^>]*name="postal_code"[^>]*>', html)[0]
    assert int(re.search(r'maxlength="(\d+)"', postal_input)[1]) >= len("76 600")


def test_a_voucher_code_is_read_with_any_separator():
    for typed in ("acde fgh3", "ACDE-FGH3", "acde.fgh3", "ACDE_FGH3", "ACDE\u00a0FGH3", "ACDE–FGH3"):
        assert voucher.normalise(typed) == "ACDEFGH3"
