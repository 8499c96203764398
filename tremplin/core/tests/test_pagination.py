"""The shared paginator counts no further than it needs to, and says so (issue #14)."""

from django.template.loader import render_to_string

from tremplin.core.pagination import BoundedPaginator, paginate
from tremplin.core.testing.factories import SiteFactory
from tremplin.network.models import Site


def test_a_short_list_gets_its_exact_count_and_pages():
    page = paginate(list(range(60)), "2", per_page=25, limit=100)

    assert page.paginator.count == 60
    assert not page.paginator.is_bounded
    assert page.paginator.num_pages == 3
    assert list(page.object_list) == list(range(25, 50))


def test_a_long_list_stops_counting_and_keeps_a_next_page():
    page = paginate(list(range(500)), "4", per_page=25, limit=100)

    # Page 4 reaches rows 76-100; counting goes 100 rows past its start: 175 + 1 proves more follow.
    assert page.paginator.is_bounded
    assert page.paginator.count == 176
    assert page.has_next()
    assert page.paginator.pages_known == 7
    assert list(page.object_list) == list(range(75, 100))


def test_a_deep_page_typed_in_the_address_is_reached():
    page = paginate(list(range(1000)), "30", per_page=25, limit=100)

    assert page.number == 30
    assert list(page.object_list) == list(range(725, 750))


def test_junk_page_numbers_give_the_first_page_and_too_far_the_last():
    assert paginate(list(range(60)), "²", per_page=25).number == 1
    assert paginate(list(range(60)), "99", per_page=25).number == 3


def test_an_absurd_page_number_gives_the_last_page_known_without_overflowing(db):
    for _ in range(3):
        SiteFactory()

    page = paginate(Site.objects.order_by("pk"), "99999999999999999999", per_page=2)

    assert page.number == 2
    assert len(page.object_list) == 1


def test_bounded_wording_in_the_page_links():
    page = paginate(list(range(3000)), "1", per_page=25, limit=1000)

    html = render_to_string("core/includes/pagination.html", {"page": page})

    assert "Page 1 sur plus de 40" in html
    assert "Plus de 1" in html and "000 résultats" in html  # "1 000" or "1,000" with the locale's grouping
    assert "page=2" in html


def test_exact_wording_when_everything_was_counted():
    html = render_to_string("core/includes/pagination.html", {"page": paginate(list(range(60)), "1")})

    assert "Page 1 sur 3" in html
    assert "Plus de" not in html


def test_querysets_are_counted_through_a_limited_subquery(db, django_assert_num_queries):
    for _ in range(5):
        SiteFactory()
    rows = Site.objects.order_by("name", "pk")

    paginator = BoundedPaginator(rows, 2, limit=3)
    with django_assert_num_queries(1):
        assert paginator.count == 4
    assert paginator.is_bounded
    assert BoundedPaginator(rows, 2, limit=10).count == Site.objects.count()


def test_deferred_pages_fetch_the_same_rows_in_the_same_order(db):
    for _ in range(7):
        SiteFactory()
    rows = Site.objects.order_by("-name", "pk")

    page = paginate(rows, "2", per_page=3, deferred=True)

    assert [site.pk for site in page.object_list] == list(rows.values_list("pk", flat=True)[3:6])
