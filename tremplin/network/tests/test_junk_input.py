"""Junk in the search box of the site and partner lists: the list answers, never a server error."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("name", ["network:site_list", "network:partner_list"])
@pytest.mark.parametrize("junk", ["a\x00b", "é" * 5000, "<script>x</script>"])
def test_a_junk_search_still_lists(client_as, site, partner, name, junk):
    response = client_as("mediator").get(reverse(name), {"q": junk, "page": junk})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()
