import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from tremplin.core.models import AccessLog
from tremplin.core.testing.factories import SiteFactory
from tremplin.referrals import services
from tremplin.referrals.choices import Need, Status
from tremplin.referrals.forms import ReferralForm
from tremplin.referrals.models import Referral
from tremplin.referrals.nearest import nearest_site

from .conftest import person_fields


def form_data(proof, partner, **overrides):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "partner": str(partner.pk),
        "first_name": "Amina",
        "last_name": "Diallo",
        "birth_year": "1980",
        "preferred_channel": "sms",
        "phone": "06 12 34 56 78",
        "email": "",
        "postal_code": "69007",
        "commune": "lyon",
        "needs": ["procedure"],
        "languages": "",
        "accommodations": "",
        "context": "",
        "target_site": "",
        "consent_attested": "on",
        "eligibility_attested": "on",
        "proof_type": str(proof.pk),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_valid_form_stores_the_phone_in_e164_and_the_official_commune_name(referrer, partner, proof_type):
    form = ReferralForm(form_data(proof_type, partner), user=referrer)
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone"]) == "+33612345678"
    assert form.cleaned_data["commune"].startswith("Lyon")


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"phone": "12"}, "phone", "pas lisible"),
        ({"email": "pas-une-adresse"}, "email", "adresse e-mail n'est pas valide"),
        ({"birth_year": "1890"}, "birth_year", "âge de 12 à 110 ans"),
        ({"birth_year": str(timezone.now().year - 5)}, "birth_year", "âge de 12 à 110 ans"),
        ({"postal_code": "6900"}, "postal_code", "5 chiffres"),
        ({"commune": "Grenoble"}, "commune", "ne correspond pas au code postal"),
        ({"phone": ""}, "phone", "pour la joindre par SMS"),
        ({"preferred_channel": "email", "phone": ""}, "email", "pour la joindre par e-mail"),
        ({"needs": []}, "needs", "au moins un besoin"),
        ({"consent_attested": None}, "consent_attested", "accord de la personne"),
        ({"eligibility_attested": None}, "eligibility_attested", "critères du réseau"),
        ({"proof_type": ""}, "proof_type", "type de justificatif"),
        # A 20,000-character context made the inbox detail a 7,000-px page.
        ({"context": "x" * 20_000}, "context", "2000 caractères au plus (il en compte 20000)"),
        ({"accommodations": "x" * 501}, "accommodations", "500 caractères au plus (il en compte 501)"),
    ],
)
def test_bad_input_gets_a_clear_french_message_on_its_field(referrer, partner, proof_type, overrides, field, message):
    form = ReferralForm(form_data(proof_type, partner, **overrides), user=referrer)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_person_without_phone_or_email_can_be_referred_through_the_referrer(referrer, partner, proof_type):
    data = form_data(proof_type, partner, preferred_channel="referrer", phone="", email="")
    assert ReferralForm(data, user=referrer).is_valid()


def test_the_database_refuses_a_referral_without_any_way_to_reach_the_person(referral):
    with pytest.raises(IntegrityError):
        Referral.objects.filter(pk=referral.pk).update(phone="", email="")


def test_the_database_refuses_a_referral_without_consent(referral):
    with pytest.raises(IntegrityError):
        Referral.objects.filter(pk=referral.pk).update(consent_attested=False)


def test_creating_a_referral_records_its_history_and_the_access_log(referrer, referral):
    assert referral.status == Status.SUBMITTED
    assert list(referral.status_changes.values_list("status", flat=True)) == [Status.SUBMITTED]
    assert AccessLog.objects.for_object(referral).filter(action=AccessLog.Action.CREATE, actor=referrer).exists()
    assert len(referral.voucher_code) == 8


def test_the_same_idempotency_key_creates_one_referral(referrer, partner, site, proof_type):
    key = uuid.uuid4()
    first, created = services.create_referral(
        referrer, partner=partner, idempotency_key=key, target_site=site, **person_fields(proof_type)
    )
    again, created_again = services.create_referral(
        referrer, partner=partner, idempotency_key=key, target_site=site, **person_fields(proof_type)
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Referral.objects.count() == 1


def test_a_double_clicked_form_creates_one_referral_and_shows_it_both_times(login, referrer, partner, proof_type, site):
    client = login(referrer)
    data = form_data(proof_type, partner, target_site=str(site.pk), confirmed="1")
    first = client.post(reverse("referrals:create"), data)
    second = client.post(reverse("referrals:create"), data)
    referral = Referral.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == reverse("referrals:detail", args=[referral.pk])


def test_an_invalid_form_saves_nothing(login, referrer, partner, proof_type):
    response = login(referrer).post(reverse("referrals:create"), form_data(proof_type, partner, birth_year="3000"))
    assert response.status_code == 200
    assert "âge de 12 à 110 ans" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referrer_cannot_refer_for_a_partner_they_do_not_belong_to(referrer, other_partner, site, proof_type):
    with pytest.raises(ValidationError):
        services.create_referral(
            referrer, partner=other_partner, idempotency_key=uuid.uuid4(), target_site=site, **person_fields(proof_type)
        )


def test_without_a_chosen_site_the_nearest_site_offering_the_need_is_used(referrer, partner, proof_type, site):
    site.services = ["Maîtrise des outils numériques du quotidien"]
    site.save()
    same_departement = SiteFactory(postal_code="69100", services=["Aide aux démarches administratives"])
    SiteFactory(postal_code="38000", services=["Aide aux démarches administratives"])
    referral, _ = services.create_referral(
        referrer, partner=partner, idempotency_key=uuid.uuid4(), target_site=None, **person_fields(proof_type)
    )
    assert referral.target_site == same_departement


def test_nearest_site_prefers_the_site_covering_most_needs_then_the_same_postal_code(site, other_site):
    both = SiteFactory(
        postal_code="38000", services=["Aide aux démarches administratives", "Accès internet et matériel informatique"]
    )
    assert nearest_site("69007", [Need.PROCEDURE, Need.CONNECTIVITY]) == both
    same_code = SiteFactory(postal_code="69007", services=["Aide aux démarches administratives"])
    assert nearest_site("69007", [Need.PROCEDURE]) == same_code


def test_no_site_offering_the_need_asks_the_referrer_to_choose(referrer, partner, proof_type, site):
    with pytest.raises(ValidationError) as error:
        services.create_referral(
            referrer,
            partner=partner,
            idempotency_key=uuid.uuid4(),
            target_site=None,
            **person_fields(proof_type, needs=[Need.TRAINING]),
        )
    assert "target_site" in error.value.message_dict


def test_a_reunion_mobile_typed_the_local_way_gets_plus_262(referrer, partner, proof_type):
    form = ReferralForm(form_data(proof_type, partner, phone="06 93 12 34 56"), user=referrer)
    assert form.is_valid(), form.errors
    assert str(form.cleaned_data["phone"]) == "+262693123456"


def test_sms_to_a_landline_is_refused_with_a_suggestion_to_call(referrer, partner, proof_type):
    form = ReferralForm(form_data(proof_type, partner, phone="04 72 10 30 30", preferred_channel="sms"), user=referrer)
    assert not form.is_valid()
    assert "appel téléphonique" in form.errors["preferred_channel"][0]
    form = ReferralForm(
        form_data(proof_type, partner, phone="04 72 10 30 30", preferred_channel="phone"), user=referrer
    )
    assert form.is_valid(), form.errors


def test_phone_and_email_labels_say_when_they_are_required_never_optional(referrer, partner, proof_type):
    form = ReferralForm(user=referrer)

    assert form.fields["preferred_channel"].initial == "sms"
    assert str(form.fields["phone"].label) == "Téléphone (obligatoire pour un SMS ou un appel)"
    assert str(form.fields["email"].label) == "E-mail (obligatoire pour un contact par e-mail)"
    assert str(form.fields["languages"].label) == "Langues parlées (facultatif)"


def test_the_referrer_sees_the_proposed_site_before_sending_and_nothing_is_sent_yet(
    login, referrer, partner, proof_type, site
):
    """A Saint-Étienne person proposed a Lyon site: the review names the site, its commune and the distance."""
    site.services = ["Aide aux démarches administratives"]
    site.save()
    saint_etienne = SiteFactory(
        name="Espace Saint-Étienne Centre", postal_code="42000", commune="Saint-Étienne", services=["Accès internet"]
    )
    data = form_data(proof_type, partner, postal_code="42000", commune="Saint-Étienne")

    page = login(referrer).post(reverse("referrals:create"), data)

    content = page.content.decode()
    assert page.status_code == 200 and "data-confirm-step" in content
    assert not Referral.objects.exists()
    assert f'value="{site.pk}" checked' in content  # the site offering the need, proposed
    assert "dans un autre département que la personne" in content
    assert "69007 Lyon" in content or f"{site.postal_code} {site.commune}" in content
    assert f'value="{saint_etienne.pk}"' not in content  # offers none of the needs


def test_the_referrer_can_choose_another_site_on_the_review_and_send(login, referrer, partner, proof_type, site):
    site.services = ["Aide aux démarches administratives"]
    site.save()
    nearer = SiteFactory(
        name="Espace Saint-Étienne", postal_code="42000", services=["Aide aux démarches administratives"]
    )
    client = login(referrer)
    data = form_data(proof_type, partner, postal_code="42000", commune="Saint-Étienne")
    review = client.post(reverse("referrals:create"), data).content.decode()
    assert f'value="{nearer.pk}" checked' in review  # same postal code first

    sent = client.post(reverse("referrals:create"), {**data, "target_site": str(site.pk), "confirmed": "1"})

    assert sent.status_code == 302
    assert Referral.objects.get().target_site == site


def test_back_from_the_review_the_form_keeps_its_values_without_errors(login, referrer, partner, proof_type):
    data = form_data(proof_type, partner, edit="1")

    page = login(referrer).post(reverse("referrals:create"), data).content.decode()

    assert 'value="Amina"' in page and "data-error-summary" not in page and not Referral.objects.exists()


def test_sending_the_same_person_twice_warns_the_referrer(login, referrer, partner, proof_type, site, make_referral):
    make_referral(first_name="Amina", last_name="Diallo", birth_year=1980)
    data = form_data(proof_type, partner, first_name="amina", last_name="DIALLO", target_site=str(site.pk))

    page = login(referrer).post(reverse("referrals:create"), data).content.decode()

    assert "Vous avez déjà une orientation en cours pour cette personne" in page


def test_a_closed_referral_or_another_birth_year_is_not_a_duplicate(
    login, referrer, partner, proof_type, site, make_referral
):
    make_referral(first_name="Amina", last_name="Diallo", birth_year=1981)
    data = form_data(proof_type, partner, target_site=str(site.pk))

    page = login(referrer).post(reverse("referrals:create"), data).content.decode()

    assert "déjà une orientation en cours" not in page
