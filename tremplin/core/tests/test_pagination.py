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


def _sites(count):
    return [SiteFactory() for _ in range(count)]


def test_past_the_counted_pages_the_next_link_names_the_last_row_not_a_page_number(db):
    _sites(7)
    rows = Site.objects.order_by("name", "pk")

    # Every row counted: numbered pages, as before.
    assert paginate(rows, "1", per_page=2, limit=6, seek={}).next_query == "page=2"
    # Counting stopped after 3 rows: page 2 is not known, the link seeks past the last row shown.
    page = paginate(rows, "1", per_page=2, limit=3, seek={})
    assert page.paginator.is_bounded
    assert page.next_query == f"apres={page[-1].pk}"
    # Without `seek`, a bounded list keeps its page numbers.
    assert paginate(rows, "1", per_page=2, limit=3).next_query == "page=2"


def test_keyset_pages_walk_the_whole_list_in_order_and_back(db):
    _sites(7)
    rows = Site.objects.order_by("-name", "pk")
    expected = list(rows.values_list("pk", flat=True))

    seen = []
    page = paginate(rows, None, per_page=3, limit=4, seek={})
    seen += [site.pk for site in page]
    while page.has_next():
        key, value = page.next_query.split("=")
        if key == "page":
            page = paginate(rows, value, per_page=3, limit=4, seek={})
        else:
            assert key == "apres"
            page = paginate(rows, None, per_page=3, limit=4, seek={"apres": value})
            assert page.keyset
        seen += [site.pk for site in page]
    assert seen == expected

    # Back from the last keyset page: the three rows before its first one, then the first row alone.
    back = paginate(rows, None, per_page=3, limit=1, seek={"avant": str(page[0].pk)})
    assert [site.pk for site in back] == expected[3:6]
    assert back.has_previous() and back.has_next()
    back = paginate(rows, None, per_page=3, limit=1, seek={"avant": back.previous_query.split("=")[1]})
    assert [site.pk for site in back] == expected[:3]
    assert not back.has_previous()


def test_keyset_seeks_on_every_column_of_the_order_when_the_first_ones_tie(db):
    for site in _sites(6):
        Site.objects.filter(pk=site.pk).update(name="Même nom")
    rows = Site.objects.order_by("name", "-pk")
    expected = list(rows.values_list("pk", flat=True))

    page = paginate(rows, None, per_page=2, seek={"apres": str(expected[1])})

    assert [site.pk for site in page] == expected[2:4]


def test_a_cursor_that_is_junk_or_names_a_row_outside_the_list_gives_the_first_page(db):
    first, second, _third, hidden = _sites(4)
    rows = Site.objects.exclude(pk=hidden.pk).order_by("pk")

    for cursor in ("x'; DROP", "-1", str(hidden.pk), "9" * 40):
        page = paginate(rows, None, per_page=2, seek={"apres": cursor})
        assert not page.keyset
        assert [site.pk for site in page] == [first.pk, second.pk]


def test_an_order_by_an_annotation_keeps_numbered_pages(db):
    from django.db.models import F

    _sites(3)
    rows = Site.objects.annotate(score=F("pk")).order_by("-score", "pk")

    page = paginate(rows, "1", per_page=1, limit=1, seek={"apres": "1"})

    assert not page.keyset
    assert not page.seek


def test_keyset_page_links_render_without_javascript(db):
    sites = _sites(5)
    rows = Site.objects.order_by("pk")

    page = paginate(rows, None, per_page=2, limit=1, seek={"apres": str(sites[1].pk)})
    html = render_to_string("core/includes/pagination.html", {"page": page, "query_string": "q=x"})

    assert f'href="?q=x&amp;apres={sites[3].pk}"' in html
    assert f'href="?q=x&amp;avant={sites[2].pk}"' in html
    assert 'href="?q=x"' in html  # back to the first page
    assert "Au-delà des 1 premiers résultats" in html


def test_on_a_seekable_list_a_page_number_past_the_count_gives_the_deepest_numbered_page_and_says_why(db):
    _sites(9)
    rows = Site.objects.order_by("pk")

    page = paginate(rows, "4", per_page=2, limit=4, seek={})

    # limit 4 with 2 rows a page: pages 1 and 2 are numbered, page 2 skips 2 rows at most.
    assert page.number == 2
    assert page.clamped
    assert [site.pk for site in page] == list(rows.values_list("pk", flat=True)[2:4])
    html = render_to_string("core/includes/pagination.html", {"page": page})
    assert "numérotées jusqu&#x27;à la 2e" in html or "numérotées jusqu'à la 2e" in html
    # Without seek the number is served as asked (the list is not paged by keyset).
    assert paginate(rows, "4", per_page=2, limit=4).number == 4


def test_the_deepest_numbered_page_links_onward_by_keyset_not_to_a_number_it_would_refuse(db):
    _sites(12)
    rows = Site.objects.order_by("pk")

    page = paginate(rows, "2", per_page=2, limit=4, seek={})

    # Page 2 counted 2 + 4 rows past its start (more pages known), but page 3 would be clamped back to 2.
    assert page.number == 2 and not page.clamped
    assert page.next_query == f"apres={page[-1].pk}"
    assert paginate(rows, "1", per_page=2, limit=4, seek={}).next_query == "page=2"


def test_zero_negative_and_junk_page_numbers_give_the_first_page(db):
    _sites(5)
    rows = Site.objects.order_by("pk")
    first_two = list(rows.values_list("pk", flat=True)[:2])

    for number in ("0", "-1", "-99999999999999999999", "abc", "²", "2.5", "1e3", "", None):
        for options in ({}, {"seek": {}}, {"deferred": True, "seek": {}}):
            page = paginate(rows, number, per_page=2, **options)
            assert page.number == 1, (number, options)
            assert [site.pk for site in page] == first_two
            assert not page.past_end and not page.clamped


def test_a_number_past_the_end_of_a_short_list_gives_its_last_page_without_the_numbering_note(db):
    _sites(3)  # two pages of two
    rows = Site.objects.order_by("pk")

    for number in ("99", "40", "41", "9" * 5000):
        for options in ({}, {"seek": {}}, {"deferred": True, "seek": {}}):
            page = paginate(rows, number, per_page=2, **options)
            assert page.number == 2, (number, options)
            assert page.past_end and not page.clamped
            html = render_to_string("core/includes/pagination.html", {"page": page})
            assert "numérotées" not in html
            assert "Cette page n'existe pas" in html


def test_a_number_past_the_end_of_a_one_page_list_says_so_as_on_longer_lists(db):
    _sites(2)  # one page of two: no page links, but the page asked for does not exist either
    rows = Site.objects.order_by("pk")

    for options in ({}, {"seek": {}}, {"deferred": True, "seek": {}}):
        page = paginate(rows, "99", per_page=2, **options)
        assert page.number == 1 and not page.has_other_pages(), options
        assert page.past_end and not page.clamped
        html = render_to_string("core/includes/pagination.html", {"page": page})
        assert "Cette page n'existe pas" in html
        assert "Page 1 sur" not in html  # still no page links on a one-page list
        assert "Cette page n'existe pas" not in render_to_string(
            "core/includes/pagination.html", {"page": paginate(rows, "1", per_page=2, **options)}
        )


def test_a_number_past_the_numbered_pages_of_a_list_exactly_that_long_is_past_its_end(db):
    _sites(4)  # limit 4, 2 rows a page: the two numbered pages hold the whole list
    rows = Site.objects.order_by("pk")

    page = paginate(rows, "3", per_page=2, limit=4, seek={})

    assert page.number == 2
    assert page.past_end and not page.clamped
