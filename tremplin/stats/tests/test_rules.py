"""The small-count rule, periods, and who gets which scope."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tremplin.accounts.models import Membership
from tremplin.core.testing.factories import SiteFactory, UserFactory
from tremplin.stats.periods import Period, PeriodError, period_from_query, preset_period
from tremplin.stats.scope import StatsScope, scope_for
from tremplin.stats.smallcounts import display_count, display_share, display_value
from tremplin.stats.templatetags.stats_tags import delta_text


@pytest.mark.parametrize(
    ("value", "masked", "exact"),
    [(0, "0", "0"), (1, "< 5", "1"), (4, "< 5", "4"), (5, "5", "5"), (1234, "1 234", "1 234"), (None, "—", "—")],
)
@translation.override("fr")
def test_small_counts_show_as_under_five_only_when_masked(value, masked, exact):
    assert display_count(value, mask=True).replace("\u202f", " ").replace("\xa0", " ") == masked
    assert display_count(value, mask=False).replace("\u202f", " ").replace("\xa0", " ") == exact


@translation.override("fr")
def test_shares_and_differences_never_give_a_small_count_back():
    # 3 people out of 10: the numerator is small; the share is "—", not « < 5 » (read "less than 5 %")
    assert display_share(3, 10, mask=True) == "—"
    assert display_share(3, 4, mask=True) == "—"
    assert display_share(0, 4, mask=True) == "—"  # base under 5: no rate
    assert display_share(6, 12, mask=True) == "50 %"
    assert display_value(50, "percent", mask=True, base=4) == "—"
    assert delta_text(12, 9, "count", mask=True) == "+3"  # both sides 5 or more: the difference is shown
    assert delta_text(7, 3, "count", mask=True) == ""  # previous period under 5: no difference
    assert delta_text(7, 3, "count", mask=False) == "+4"


def test_presets_and_previous_periods():
    today = date(2026, 5, 14)
    assert preset_period("mois", today) == Period(date(2026, 5, 1), date(2026, 5, 31), "mois")
    last_quarter = preset_period("trimestre_dernier", today)
    assert (last_quarter.start, last_quarter.end) == (date(2026, 1, 1), date(2026, 3, 31))
    previous = last_quarter.previous()
    assert (previous.start, previous.end) == (date(2025, 10, 1), date(2025, 12, 31))
    year = preset_period("annee", today)
    assert (year.previous().start, year.previous().end) == (date(2025, 1, 1), date(2025, 12, 31))
    custom = Period(date(2026, 3, 10), date(2026, 3, 19))
    assert (custom.previous().start, custom.previous().end) == (date(2026, 2, 28), date(2026, 3, 9))
    feb = Period(date(2024, 3, 1), date(2024, 3, 31)).previous()
    assert (feb.start, feb.end) == (date(2024, 2, 1), date(2024, 2, 29))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"periode": "hier"}, "Période inconnue."),
        ({"periode": "personnalisee", "du": "2026-03-10"}, "Indiquez la date de fin de la période."),
        ({"periode": "personnalisee", "du": "31/02/2026", "au": "2026-03-01"}, "n'est pas une date valide"),
        ({"periode": "personnalisee", "du": "2026-03-10", "au": "2026-03-01"}, "postérieure ou égale"),
        ({"periode": "personnalisee", "du": "2010-01-01", "au": "2026-03-01"}, "cinq ans"),
        # no previous period exists before year 1 (once a 500 on the programme page)
        ({"periode": "personnalisee", "du": "0001-01-01", "au": "0001-01-31"}, "entre le 01/01/1900 et le 31/12/2199"),
        ({"periode": "personnalisee", "du": "01/12/9999", "au": "31/12/9999"}, "entre le 01/01/1900 et le 31/12/2199"),
    ],
)
@translation.override("fr")
def test_period_errors_are_french_sentences(params, message):
    with pytest.raises(PeriodError, match=message):
        period_from_query(params)


def test_custom_period_accepts_french_dates():
    assert period_from_query({"periode": "personnalisee", "du": "01/03/2026", "au": "2026-03-31"}) == Period(
        date(2026, 3, 1), date(2026, 3, 31)
    )


@pytest.mark.django_db
def test_scope_from_memberships(make_user, site, partner):
    other = SiteFactory(name="Espace Autre test")
    assert scope_for(make_user("network_admin")) == StatsScope.network()
    manager = make_user("site_manager", at=site)
    assert scope_for(manager).site_ids == frozenset({site.pk})
    assert not scope_for(manager).mask_small_counts
    network_observer = make_user("observer")
    assert scope_for(network_observer).site_ids is None
    assert scope_for(network_observer).mask_small_counts
    site_observer = UserFactory()
    Membership.objects.create(user=site_observer, role="observer", site=other)
    assert scope_for(site_observer).site_ids == frozenset({other.pk})
    assert scope_for(site_observer).label == "Espace Autre test"
    partner_observer = UserFactory()
    Membership.objects.create(user=partner_observer, role="observer", partner=partner)
    scope = scope_for(partner_observer)
    assert (scope.site_ids, scope.partner_ids, scope.mask_small_counts) == (None, frozenset({partner.pk}), True)


@pytest.mark.django_db
def test_observer_with_one_site_sees_only_that_site_and_small_counts_masked(make_user, login, site):
    from tremplin.activities.models import Activity

    other = SiteFactory(name="Espace Caché test")
    mediator = make_user("mediator", at=site)
    for day in (2, 3):
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=date(2026, 3, day),
            kind="individuel",
            duration=30,
            thematiques=["diagnostic_numerique"],
        )
    for day in range(1, 8):
        Activity.objects.create(
            site=other,
            recorded_by=mediator,
            date=date(2026, 3, day),
            kind="individuel",
            duration=30,
            thematiques=["diagnostic_numerique"],
        )
    observer = UserFactory()
    Membership.objects.create(user=observer, role="observer", site=site)
    client = login(observer)
    url = reverse("stats:dashboard") + "?periode=personnalisee&du=2026-03-01&au=2026-03-31"
    page = client.get(url).text
    assert "Espace Caché test" not in page
    assert ("< 5" in page and "&lt; 5" in page) or "&lt; 5" in page  # 2 activities at the observer's site
    assert ">7<" not in page and ">9<" not in page  # neither the other site's 7 nor the network's 9
    assert "les effectifs de 1 à 4 sont affichés" in page  # the rule is stated
    # Asking for the other site by its id gives an empty scope, never its figures.
    page = client.get(url + f"&espace={other.pk}").text
    assert ">7<" not in page
    assert mediator.full_name not in page  # no mediator filter for observers, no names
