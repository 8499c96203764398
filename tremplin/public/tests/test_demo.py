"""The demo shows the public face: located sites with hours, public workshops, one site taking call-back requests."""

from django.urls import reverse

from tremplin.network.models import Site
from tremplin.public.queries import public_sessions, site_slug


def test_demo_sites_are_ready_for_the_public_pages(demo_data, db, client):
    sites = list(Site.objects.active())
    assert sites
    for site in sites:
        assert site.latitude is not None and site.longitude is not None, site
        assert site.opening_schedule, site
        assert public_sessions().filter(site=site).exists(), site
    assert any(site.accepts_self_referrals for site in sites)
    pages = ["/", "/?ou=69100", reverse("public:agenda"), "/sitemap.xml", "/robots.txt"]
    for site in sites:
        pages += [reverse("public:site", args=[site_slug(site)]), reverse("public:callback", args=[site_slug(site)])]
    for page in pages:
        assert client.get(page).status_code == 200, page
