"""The demo till: rules, settings, registers and a few weeks of sealed tickets, closed days and a closed month."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from tremplin.till.models import Closure, QuotaRule, Register, Sale, SaleKind, TillSettings

from .test_concurrency import assert_chain_is_valid

pytestmark = pytest.mark.django_db


def test_the_demo_holds_registers_with_weeks_of_tickets_returns_and_closures_and_is_idempotent():
    call_command("seed_demo", "--quiet-accounts")
    assert set(QuotaRule.objects.values_list("name", flat=True)) == {"Ordinateur", "Smartphone", "Recharges"}
    assert QuotaRule.objects.get(name="Recharges").limit_cents == 3000
    assert not TillSettings.current().vat_liable
    assert sorted(Register.objects.values_list("site__code", "code", "training_mode")) == [
        ("LY", "C1", False),
        ("LY", "C2", True),
        ("VB", "C1", False),
    ]
    real = Sale.objects.real()
    assert real.count() >= 15
    assert real.filter(kind=SaleKind.RETURN).exists()
    assert Sale.objects.filter(training=True).exists()
    days = {sale.finalised_at.date() for sale in real}
    assert max(days) - min(days) >= timedelta(days=14)
    assert Closure.objects.filter(kind="day").count() >= 10
    assert Closure.objects.filter(kind="month", training=False).count() == 2
    assert not Register.objects.filter(sessions__status="open").exists()  # every day closed
    for register in Register.objects.filter(training_mode=False):
        assert_chain_is_valid(register)
    tickets = Sale.objects.count()
    call_command("seed_demo", "--quiet-accounts")
    assert Sale.objects.count() == tickets
    assert QuotaRule.objects.count() == 3 and Register.objects.count() == 3
