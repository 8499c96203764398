"""The one rule for a person's name (people/visibility.py): a site scope shows it, a national role never."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from tremplin.core.roles import Role
from tremplin.people.visibility import check_people, may_see_person, person_label, pseudonym

from .factories import BeneficiaryFactory


def test_site_staff_read_the_name_and_national_roles_a_pseudonym(helene, make_user, other_site):
    mediator = make_user(Role.MEDIATOR)
    volunteer = make_user(Role.VOLUNTEER)
    elsewhere = make_user(Role.MEDIATOR, at=other_site)
    admin = make_user(Role.NETWORK_ADMIN)
    observer = make_user(Role.OBSERVER)
    assert person_label(mediator, helene) == "Hélène Lefèvre"
    assert person_label(volunteer, helene) == "Hélène Lefèvre"  # roles.md: a reduced record, with the name
    for user in (elsewhere, admin, observer):
        label = person_label(user, helene)
        assert "Lefèvre" not in label and "Hélène" not in label
        assert label == pseudonym(helene)
        assert label.startswith("Personne n° ") and label.removeprefix("Personne n° ") in helene.pk.hex.upper()


def test_the_ids_are_read_once_per_user_object_and_not_at_all_for_national_roles(
    helene, make_user, django_assert_num_queries
):
    mediator = make_user(Role.MEDIATOR)
    admin = make_user(Role.NETWORK_ADMIN)
    mediator.active_memberships, admin.active_memberships  # noqa: B018 (loaded before counting)
    with django_assert_num_queries(1):
        assert all(may_see_person(mediator, helene) for _ in range(50))
    with django_assert_num_queries(0):
        assert not any(may_see_person(admin, helene) for _ in range(50))


def test_the_template_tag_follows_the_same_rule(helene, make_user):
    template = Template("{% person_name person %}|{% person_name person with_birth_year=True %}|{{ person|pseudonym }}")
    request = RequestFactory().get("/")
    request.user = make_user(Role.MEDIATOR)
    assert template.render(Context({"request": request, "person": helene})) == (
        f"Hélène Lefèvre|Hélène Lefèvre (1975)|{pseudonym(helene)}"
    )
    request.user = make_user(Role.NETWORK_ADMIN)
    assert template.render(Context({"request": request, "person": helene})) == "|".join([pseudonym(helene)] * 3)
    assert Template("{% person_name None %}").render(Context({"request": request})) == ""


def test_a_page_of_people_is_checked_in_one_query_that_names_only_them(
    helene, make_user, site, other_site, django_assert_num_queries
):
    # issue #14: the people shown are checked, not every person of the user's scope.
    mediator = make_user(Role.MEDIATOR)
    mediator.active_memberships  # noqa: B018 (loaded before counting)
    not_shown = BeneficiaryFactory.create_batch(5, sites=[site])
    elsewhere = BeneficiaryFactory(sites=[other_site])
    both = BeneficiaryFactory(sites=[other_site, site])
    page = [helene, elsewhere, None, both, helene.pk]
    with CaptureQueriesContext(connection) as queries:
        check_people(mediator, page)
    assert len(queries) == 1
    assert str(elsewhere.pk.hex) in queries[0]["sql"].replace("-", "")
    assert not any(person.pk.hex in queries[0]["sql"].replace("-", "") for person in not_shown)
    with django_assert_num_queries(0):  # already known: no query
        check_people(mediator, page)
        assert [may_see_person(mediator, person) for person in page] == [True, False, False, True, True]
        assert person_label(mediator, elsewhere) == pseudonym(elsewhere)
        assert person_label(mediator, both) == str(both)
    with django_assert_num_queries(1):  # a person nobody checked in advance: one small query
        assert may_see_person(mediator, not_shown[0])


def test_national_roles_and_anonymous_users_are_never_shown_a_name_and_cost_no_query(
    helene, make_user, django_assert_num_queries
):
    admin = make_user(Role.NETWORK_ADMIN)
    observer = make_user(Role.OBSERVER)
    for user in (admin, observer):
        user.active_memberships  # noqa: B018 (loaded before counting)
    with django_assert_num_queries(0):
        for user in (admin, observer, AnonymousUser(), None):
            check_people(user, [helene])
            assert not may_see_person(user, helene)
            assert person_label(user, helene) == pseudonym(helene)
