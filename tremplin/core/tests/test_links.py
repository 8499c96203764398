"""Every absolute link sent away from the app starts with SITE_URL, whatever host served the request."""

from tremplin.core.links import absolute_url


def test_an_absolute_link_is_the_site_address_plus_the_path(settings):
    settings.SITE_URL = "http://127.0.0.1:8104/"

    assert absolute_url("/orientations/12/") == "http://127.0.0.1:8104/orientations/12/"
