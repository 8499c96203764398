"""Junk in the address of the new-person form: the form still opens, with no site chosen in advance."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("junk", ["99999999999999999999", "²", "abc"])
def test_the_new_person_form_opens_with_a_junk_site_in_the_address(client_as, site, junk):
    response = client_as("mediator").get(reverse("people:create"), {"espace": junk})
    assert response.status_code == 200
    assert response.context["form"]["site"].initial in (None, "", site.pk, site)
