import pytest
from django.urls import reverse

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


def test_searching_from_the_list_finds_a_person_typed_without_accents(client_as, helene, site):
    BeneficiaryFactory(first_name="Paul", last_name="Martin", sites=[site])
    response = client_as("volunteer").get(reverse("people:list"), {"q": "helene lefebvre"})
    assert [p.pk for p in response.context["page"]] == [helene.pk]
    assert "Martin" not in response.text


def test_search_by_phone_keeps_the_query_in_pagination_links(client_as, helene):
    response = client_as("mediator").get(reverse("people:list"), {"q": "06 39 98 00 01"})
    assert [p.pk for p in response.context["page"]] == [helene.pk]
    assert response.context["query_string"] == "q=06+39+98+00+01"


def test_a_volunteer_list_hides_birth_year_and_commune(client_as, helene):
    response = client_as("volunteer").get(reverse("people:list"))
    assert "Lefèvre" in response.text or "LEFÈVRE" in response.text
    assert "1975" not in response.text
