"""What the sale screen says before anything is refused: which line goes over a right and what the ticket does to
the person's rights, what cannot be added (and why), and what tells two look-alike people apart."""

import html
from types import SimpleNamespace

import pytest
from django.urls import reverse

from tremplin.people.names import tell_apart
from tremplin.till.services import baskets
from tremplin.till.templatetags.till import euros

from .factories import (
    available_device,
    counted_stock,
    eligible_person,
    national_rules,
    open_register,
    person_at,
    recharge_codes,
    recharge_product,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(make_user):
    return make_user("mediator", full_name="Camille Martin")


@pytest.fixture
def register(site, mediator):
    return open_register(site, mediator)


@pytest.fixture
def cashier(client, mediator):
    client.force_login(mediator, backend="allauth.account.auth_backends.AuthenticationBackend")
    return client


def url(name, register):
    return reverse(name, args=[register.pk])


def show(client, register):
    response = client.get(url("till:sell", register))
    assert response.status_code == 200
    return response, html.unescape(response.content.decode())


def choose(client, register, person):
    client.post(url("till:sell_person", register), {"beneficiary": str(person.pk)})


# --- rights -------------------------------------------------------------------------------------------------


def test_four_10_euro_recharges_against_30_euros_a_month_flag_the_fourth_once(cashier, register, site, mediator):
    """Rule: 30 € of recharges (face value) a month; none used; 4 × 10 € asked = 40 €. Lines 1–3 fit (30 €), the
    fourth goes over: it alone is flagged, one message gives used 0 €, left 30 €, asked 40 €; the rights panel
    shows 40 € with this ticket, 10 € over."""
    national_rules()
    person = eligible_person(site)
    ten = recharge_product()
    recharge_codes(site, ten, 4)
    choose(cashier, register, person)
    for _n in range(4):
        cashier.post(url("till:sell_product", register), {"product": ten.pk})
    response, page = show(cashier, register)
    message = (
        "« Recharge 10 € (Opérateur Solidaire) » : hors des droits de la personne — droit « Recharges » : "
        f"{euros(0)} utilisés sur {euros(3000)} ce mois-ci, il reste {euros(3000)} ; ce ticket en demande "
        f"{euros(4000)}."
    )
    assert page.count(message) == 1
    lines = list(baskets.open_basket(register, mediator).lines.order_by("pk").values_list("pk", flat=True))
    assert list(response.context["line_warnings"]) == [lines[3]]
    assert page.count('<span class="badge badge-danger">Hors des droits</span>') == 1
    assert f"Recharges : {euros(0)} utilisés sur {euros(3000)} ce mois-ci" in page  # before this ticket
    assert f"avec ce ticket : {euros(4000)} sur {euros(3000)}, soit {euros(1000)} au-delà du droit" in page
    # The fourth removed: the ticket fits, the panel says what will be left.
    cashier.post(url("till:sell_remove_line", register), {"line": lines[3]})
    response, page = show(cashier, register)
    assert response.context["blockers"] == []
    assert f"avec ce ticket : {euros(3000)} sur {euros(3000)}, il restera {euros(0)}" in page


def test_two_computers_on_one_ticket_flag_the_second_only(cashier, register, site, mediator):
    """Rule: 1 computer per 24 months, none held; two on the ticket: the first fits, the second goes over."""
    national_rules()
    person = eligible_person(site)
    first, second = available_device(site, category="laptop"), available_device(site, category="laptop")
    choose(cashier, register, person)
    for device in (first, second):
        cashier.post(url("till:sell_scan", register), {"code": device.asset_tag})
    response, page = show(cashier, register)
    [blocker] = response.context["blockers"]
    assert blocker.message == (
        f"« {second.get_category_display()} {second.brand} {second.model_name} » : hors des droits de la personne "
        "— droit « Ordinateur » : 0 sur 1 sur les 24 derniers mois, il en reste 1 ; ce ticket en demande 2."
    )
    assert blocker.lines == (baskets.open_basket(register, mediator).lines.get(device=second).pk,)
    assert "Ordinateur : 0 sur 1 sur les 24 derniers mois" in page
    assert "avec ce ticket : 2 sur 1, soit 1 au-delà du droit" in page


# --- what cannot be added -----------------------------------------------------------------------------------


def test_without_a_person_nothing_can_be_added_and_the_screen_says_why(cashier, register, site):
    ten = recharge_product()
    recharge_codes(site, ten, 2)
    response, page = show(cashier, register)
    reason = "Choisissez la personne : les prix solidaires sont nominatifs."
    assert response.context["adding_refusal"] == reason
    assert f'<p class="message message-warning add-refusal" id="add-refusal">{reason}</p>' in page
    assert 'name="code"' in page and "autofocus" not in page
    assert page.count('disabled aria-describedby="add-refusal"') == 2  # « Ajouter l'appareil » and the offer
    assert response.context["scan_form"].fields["code"].disabled


def test_a_person_without_eligibility_gets_no_active_button(cashier, register, site):
    ten = recharge_product()
    recharge_codes(site, ten, 2)
    choose(cashier, register, person_at(site, "Gaston", "Zobel"))
    _response, page = show(cashier, register)
    reason = "Aucune éligibilité enregistrée pour cette personne : les prix solidaires demandent un justificatif."
    assert page.count(reason) == 1  # in the ticket's reasons, with the link to the eligibility form
    hint = "Aucun article tant que la personne n'a pas d'éligibilité valide : voir le ticket."
    assert f'id="add-refusal">{hint}</p>' in page
    assert page.count('disabled aria-describedby="add-refusal"') == 2


def test_an_offer_whose_every_unit_is_on_the_ticket_is_disabled_with_the_reason(cashier, register, site):
    box = recharge_product(kind="box", name="Box 4G", face_value="40", solidarity_price="10")
    counted_stock(site, box, 1)
    choose(cashier, register, eligible_person(site))
    response, page = show(cashier, register)
    assert response.context["adding_refusal"] is None
    [offer] = response.context["products"]["connectivity"]
    assert (offer.available, offer.on_ticket, offer.addable) == (1, 0, True)
    cashier.post(url("till:sell_product", register), {"product": box.pk})
    response, page = show(cashier, register)
    [offer] = response.context["products"]["connectivity"]
    assert (offer.available, offer.on_ticket, offer.addable) == (1, 1, False)
    assert '1 en stock<span class="product-reason">déjà sur le ticket : plus rien à ajouter</span>' in page
    assert 'class="outline product-button" disabled>' in page
    assert response.context["blockers"] == []  # the one box on the ticket is fine


# --- look-alike people --------------------------------------------------------------------------------------


def someone(first, last, year=1975, commune="", phone=""):
    return SimpleNamespace(first_name=first, last_name=last, birth_year=year, commune=commune, phone=phone)


def test_look_alikes_are_told_apart_by_the_commune_else_the_end_of_the_phone():
    helene = someone("Helene", "Lefebvre", commune="Villeurbanne", phone="+33612345642")
    helene2 = someone("Hélène", "Lefèvre", commune="Lyon", phone="+33698765417")
    other = someone("Awa", "Lefebvre", commune="Lyon")
    tell_apart([helene, helene2, other])
    assert (helene.distinction, helene2.distinction, other.distinction) == ("Villeurbanne", "Lyon", "")
    # Same commune: the last two digits of the phone, and the commune is not shown.
    helene2.commune = "Villeurbanne"
    tell_apart([helene, helene2])
    assert (helene.distinction, helene2.distinction) == ("tél. …42", "tél. …17")
    # Born another year: the year already tells them apart, nothing more is shown.
    helene2.birth_year = 1976
    tell_apart([helene, helene2])
    assert (helene.distinction, helene2.distinction) == ("", "")


def test_the_till_search_shows_what_tells_look_alikes_apart(cashier, register, site):
    for first, last, commune in (("Helene", "Lefebvre", "Villeurbanne"), ("Hélène", "Lefèvre", "Lyon")):
        person = person_at(site, first, last)
        person.birth_year, person.commune = 1975, commune
        person.save()
    cashier.post(reverse("core:remember_search"), {"q": "Hélène", "next": url("till:sell", register)})
    _response, page = show(cashier, register)
    assert "Choisir LEFEBVRE Helene (1975) — Villeurbanne" in page
    assert "Choisir LEFÈVRE Hélène (1975) — Lyon" in page
