"""The staff home pages gather figures from every room through core.home_counts."""

from django.urls import reverse

from tremplin.core.home_counts import counts_for
from tremplin.core.roles import Role


def test_a_site_manager_gets_a_figure_from_each_room(make_user):
    manager = make_user("site_manager")

    labels = {count.label for count in counts_for(manager, Role.SITE_MANAGER)}

    assert labels >= {
        "orientations à traiter",
        "séances dans les 7 prochains jours",
        "messages à transmettre par téléphone",
        "appareils disponibles à la vente",
    }


def test_a_volunteer_sees_the_sessions_but_no_casework_figures(make_user):
    volunteer = make_user("volunteer")

    labels = {count.label for count in counts_for(volunteer, Role.VOLUNTEER)}

    assert labels == {"séances dans les 7 prochains jours"}


def test_the_figures_are_zero_and_linked_on_an_empty_site(make_user, login):
    manager = make_user("site_manager")

    page = login(manager).get(reverse("core:home")).content.decode()

    assert "En ce moment" in page
    assert reverse("workshops:agenda") in page
    assert all(count.value == 0 for count in counts_for(manager, Role.SITE_MANAGER))
