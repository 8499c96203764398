"""What the till adds to other rooms: the person's rights and till link, progress, timeline, SAV, dashboard."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from tremplin.core.models import AccessLog
from tremplin.inventory.services.aftersales import open_ticket
from tremplin.inventory.tests.factories import available_device
from tremplin.referrals import progress
from tremplin.referrals.choices import Status as ReferralStatus
from tremplin.till.services import sessions

from .factories import (
    eligible_person,
    national_rules,
    open_register,
    recharge_codes,
    recharge_product,
    register_at,
    sell,
)

pytestmark = pytest.mark.django_db

EQUIPPED = "A obtenu un équipement ou une connectivité"


@pytest.fixture
def cashier(make_user):
    return make_user("mediator", full_name="Camille Martin")


def answers_for(person):
    return dict(progress.summary(SimpleNamespace(status=ReferralStatus.ACCEPTED, beneficiary=person)))


def test_the_person_page_shows_the_rights_summary_and_the_till_link_to_a_mediator(site, cashier, login):
    national_rules()
    register = open_register(site, cashier)
    person = eligible_person(site)
    ten = recharge_product()
    recharge_codes(site, ten, 1)
    sell(register, cashier, person, products=[ten])
    logs_before = AccessLog.objects.count()
    html = login(cashier).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Droits — Recharges : 10,00\u00a0€ utilisés sur 30,00\u00a0€ ce mois-ci" in html
    assert "Droits — Ordinateur : 0 sur 1 sur les 24 derniers mois" in html
    assert "Passer en caisse" in html
    assert f"{register.get_absolute_url()}?personne={person.pk}" in html
    # The page logs its own read, once: the rights summary adds no entry of its own.
    assert AccessLog.objects.count() == logs_before + 1


def test_a_volunteer_sees_neither_the_rights_nor_the_till_link(site, make_user, login):
    national_rules()
    person = eligible_person(site)
    html = login(make_user("volunteer")).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Droits —" not in html and "Passer en caisse" not in html


def test_there_is_no_till_link_where_the_user_has_no_register_to_sell_at(site, cashier):
    from tremplin.till.hooks import till_action

    person = eligible_person(site)
    assert list(till_action(person, cashier)) == []
    register_at(site, "C9", is_active=False)
    assert list(till_action(person, cashier)) == []


def test_staff_of_another_site_get_no_till_link_for_the_person(site, other_site, make_user):
    from tremplin.till.hooks import rights_items, till_action

    national_rules()
    person = eligible_person(site)
    elsewhere = make_user("mediator", at=other_site)
    assert list(till_action(person, elsewhere)) == []
    assert list(rights_items(person, elsewhere)) == []


def test_a_recharge_sold_at_the_till_makes_the_referrers_progress_say_equipped(site, cashier):
    register = open_register(site, cashier)
    person = eligible_person(site)
    assert answers_for(person)[EQUIPPED] is False
    ten = recharge_product()
    recharge_codes(site, ten, 1)
    sell(register, cashier, person, products=[ten])
    assert answers_for(person)[EQUIPPED] is True


def test_a_training_ticket_or_an_accessory_does_not_count_as_equipment(site, cashier):
    from tremplin.inventory.models import ConnectivityProduct

    from .factories import counted_stock

    training = register_at(site, training_mode=True)
    sessions.open_session(training, cashier, 0)
    person = eligible_person(site)
    sell(training, cashier, person, devices=[available_device(site)])
    cable = ConnectivityProduct.objects.create(
        kind="accessory", operator="F", name="Câble", face_value="8", solidarity_price="2"
    )
    counted_stock(site, cable, 2)
    sell(open_register(site, cashier, "C2"), cashier, person, products=[cable])
    assert answers_for(person)[EQUIPPED] is False


def test_the_timeline_shows_purchases_with_amounts_to_site_staff_only(site, cashier, make_user, login):
    register = open_register(site, cashier)
    person = eligible_person(site)
    sale = sell(register, cashier, person, devices=[available_device(site, brand="Lenovo")]).sale
    url = reverse("people:timeline", args=[person.pk])
    html = login(cashier).get(url).content.decode()
    assert f"Achat en caisse : ticket {sale.ticket_number}" in html
    assert "Lenovo" in html and "120,00\u00a0€" in html
    # Whoever else a page ever shows the timeline to (the national team, a volunteer) reads no amount.
    from tremplin.till.hooks import purchase_events

    for role in ("network_admin", "volunteer"):
        (event,) = purchase_events(person, make_user(role))
        assert event.title == f"Achat en caisse : ticket {sale.ticket_number}"
        assert "€" not in event.detail


def test_the_after_sales_ticket_links_to_the_sale_of_its_device(site, cashier, login):
    register = open_register(site, cashier)
    laptop = available_device(site)
    sale = sell(register, cashier, eligible_person(site), devices=[laptop]).sale
    laptop.refresh_from_db()
    ticket = open_ticket(cashier, laptop, "L'écran reste noir")
    html = login(cashier).get(reverse("inventory:ticket_detail", args=[ticket.pk])).content.decode()
    assert f'href="{sale.get_absolute_url()}"' in html
    assert f"ticket {sale.ticket_number} du" in html


def test_the_stock_dashboard_shows_devices_and_recharge_codes_sold(site, cashier, login):
    register = open_register(site, cashier)
    person = eligible_person(site)
    ten = recharge_product()
    recharge_codes(site, ten, 2)
    sell(register, cashier, person, devices=[available_device(site)], products=[ten])
    html = login(cashier).get(reverse("inventory:dashboard")).content.decode()
    assert "Ventes des 30 derniers jours" in html
    assert "1 appareil vendu, par catégorie" in html
    assert "1 code de recharge vendu, par offre" in html


def test_an_observer_sees_device_sales_but_not_the_code_stock(site, cashier, make_user, login):
    html = login(make_user("observer")).get(reverse("inventory:dashboard")).content.decode()
    assert "Ventes des 30 derniers jours" in html and "vendus, par catégorie" in html
    assert "par offre" not in html


def test_the_rights_on_the_person_page_cost_one_query_per_rule_and_no_more(site, cashier, login):
    """The rules are read once (no separate "is there any rule?"), the person's merged records once for the
    purchases and the rights alike: with rules, the page reads the rules' list and one query per rule."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    open_register(site, cashier)
    person = eligible_person(site)
    client = login(cashier)
    url = reverse("people:detail", args=[person.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as without_rules:
        client.get(url)
    rules = national_rules()
    with CaptureQueriesContext(connection) as with_rules:
        html = client.get(url).content.decode()
    assert "Droits — Ordinateur : 0 sur 1 sur les 24 derniers mois" in html
    assert len(with_rules) == len(without_rules) + len(rules)
