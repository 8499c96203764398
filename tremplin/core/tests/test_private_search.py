"""Person searches are posted and kept in the session: no name ever travels in a URL."""

from django.urls import reverse

from tremplin.core.private_search import PREFIX

URL = reverse("core:remember_search")


def test_the_search_is_kept_for_the_page_it_came_from_and_the_redirect_carries_no_name(client_as):
    client = client_as("mediator")

    response = client.post(URL, {"q": "  Hélène Lefèvre ", "next": "/ateliers/seances/12/?vue=liste"})

    assert response.status_code == 302
    assert response["Location"] == "/ateliers/seances/12/?vue=liste"
    assert client.session[PREFIX + "/ateliers/seances/12/"] == "Hélène Lefèvre"


def test_a_foreign_next_address_is_replaced_by_the_home_page(client_as):
    response = client_as("mediator").post(URL, {"q": "x", "next": "https://evil.example/"})

    assert response["Location"] == reverse("core:home")


def test_a_next_that_is_not_a_path_is_replaced_by_the_home_page(client_as):
    response = client_as("mediator").post(URL, {"q": "x", "next": "-1"})

    assert response["Location"] == reverse("core:home")


def test_the_search_endpoint_takes_posts_only(client_as):
    assert client_as("mediator").get(URL, {"q": "x"}).status_code == 405
