import pytest
from django.urls import reverse

from tremplin.core.testing.factories import MembershipFactory, SiteFactory
from tremplin.people.models import Beneficiary

from .factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def test_the_list_paginates_and_runs_a_bounded_number_of_queries(client_as, site, django_assert_max_num_queries):
    client = client_as("mediator")
    BeneficiaryFactory.create_batch(30, sites=[site])
    client.get(reverse("people:list"))  # warm up session and caches
    with django_assert_max_num_queries(12):
        response = client.get(reverse("people:list"))
    assert response.status_code == 200
    assert response.context["page"].paginator.num_pages == 2
    assert len(response.context["page"].object_list) == 25
    BeneficiaryFactory.create_batch(30, sites=[site])
    with django_assert_max_num_queries(12):
        client.get(reverse("people:list") + "?page=3")


def search(client, query):
    response = client.post(reverse("people:list"), {"q": query})
    assert response.status_code == 302 and response["Location"] == reverse("people:list")
    return client.get(response["Location"])


def test_searching_from_the_list_finds_a_person_typed_without_accents(client_as, helene, site):
    BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[site])
    response = search(client_as("volunteer"), "helene lefebvre")
    assert [p.pk for p in response.context["page"]] == [helene.pk]
    assert "Martin" not in response.text


def test_the_search_query_stays_out_of_urls_and_survives_pagination(client_as, helene, site):
    BeneficiaryFactory.create_batch(30, first_name="Hélène", sites=[site])
    client = client_as("mediator")
    response = search(client, "helene")
    assert response.context["page"].paginator.count == 31
    page_two = client.get(reverse("people:list"), {"page": 2})
    assert len(page_two.context["page"].object_list) == 6
    assert "helene" not in page_two.text.split("<main", 1)[1].split("page=")[1][:20]
    cleared = search(client, "")
    assert cleared.context["query"] == ""


def test_search_by_phone_in_any_format(client_as, helene):
    response = search(client_as("mediator"), "06 39 98 00 01")
    assert [p.pk for p in response.context["page"]] == [helene.pk]


def test_a_volunteer_list_hides_birth_year_and_commune(client_as, helene):
    response = client_as("volunteer").get(reverse("people:list"))
    assert "Lefèvre" in response.text or "LEFÈVRE" in response.text
    assert "1975" not in response.text


def test_a_person_followed_by_two_of_the_users_sites_is_listed_once(make_user, login, site, other_site):
    mediator = make_user("mediator")
    MembershipFactory(user=mediator, role="mediator", site=other_site, partner=None)
    shared = BeneficiaryFactory(first_name="Awa", last_name="Diallo", sites=[site, other_site])
    only_here = BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[site])
    BeneficiaryFactory(first_name="Inès", last_name="Ailleurs", sites=[SiteFactory()])
    assert sorted(Beneficiary.objects.visible_to(mediator).values_list("pk", flat=True)) == sorted(
        [shared.pk, only_here.pk]
    )
    page = login(mediator).get(reverse("people:list")).context["page"]
    assert page.paginator.count == 2
    assert sorted(person.pk for person in page) == sorted([shared.pk, only_here.pk])


def test_a_page_number_past_the_end_of_a_short_search_says_so(client_as, helene, site):
    client = client_as("mediator")
    search(client, "helene")  # one result: one page, no page links

    response = client.get(reverse("people:list") + "?page=99")

    assert [p.pk for p in response.context["page"]] == [helene.pk]
    assert "Cette page n&#x27;existe pas" in response.text or "Cette page n'existe pas" in response.text
    assert "Page suivante" not in response.text
