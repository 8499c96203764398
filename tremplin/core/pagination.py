"""The one paginator of every list: counts no further than it needs to.

Django's Paginator counts the whole list (`COUNT(*)`) on every page, which costs as much as reading the
table when a list holds tens of thousands of rows, while the page itself takes a millisecond
(docs/performance.md, issue #14). `paginate()` counts at most `COUNT_LIMIT` rows past the start of the
requested page: short lists get their exact count, long ones say "plus de 1 000" and keep their page
links (previous / next, and any page number typed in the address), without JavaScript.

`deferred=True` pages through the primary keys only, then fetches the page's rows with their joins (a
"deferred join"): a deep page no longer makes the database build and throw away thousands of joined rows.
"""

from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property

PER_PAGE = 25
# Counting stops this many rows past the start of the page asked for.
COUNT_LIMIT = 1000
# A page number typed far beyond any list does not make the count (or the LIMIT) overflow: it gives the last page known.
MAX_REACH = 10_000_000


class BoundedPaginator(Paginator):
    """A Paginator whose `count` stops at `limit` rows (`is_bounded` then tells the list is longer)."""

    def __init__(self, object_list, per_page, *, limit=COUNT_LIMIT, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit

    @cached_property
    def counted(self):
        """Rows counted, at most limit + 1 (one more than the limit proves the list goes on)."""
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return min(len(rows), self.limit + 1)
        rows = rows.order_by()
        if rows._fields is None and not rows.query.group_by and not rows.query.combinator:
            rows = rows.values("pk")  # only the keys in the subquery (not for grouped or combined rows)
        # COUNT over a LIMITed subquery: the database stops at limit + 1 rows.
        return rows[: self.limit + 1].count()

    @cached_property
    def is_bounded(self):
        return self.counted > self.limit

    @property
    def pages_known(self):
        """Pages certainly full or partly filled: "Page 3 sur plus de 40" when bounded."""
        return self.num_pages - 1 if self.is_bounded else self.num_pages

    @property
    def limit_display(self):
        return number_format(self.limit, force_grouping=True)

    @cached_property
    def count(self):
        # When bounded, the extra row counts: the last page known has a "next" link to the one after.
        return self.counted

    def reach(self, number):
        """Let the count reach page `number` (a deep page's own rows are counted, then `limit` more)."""
        try:
            number = int(number)
        except (TypeError, ValueError):
            return
        wanted = min(MAX_REACH, max(0, number - 1) * self.per_page + self.limit)
        if wanted > self.limit:
            self.limit = wanted
            self.__dict__.pop("counted", None)
            self.__dict__.pop("is_bounded", None)
            self.__dict__.pop("count", None)
            self.__dict__.pop("num_pages", None)


def paginate(object_list, number, *, per_page=PER_PAGE, deferred=False, limit=COUNT_LIMIT):
    """Page `number` (a string from the query string, or None) of `object_list`; out-of-range numbers give
    the last page known, junk gives the first (like Paginator.get_page)."""
    if deferred:
        return _deferred_page(object_list, number, per_page, limit)
    paginator = BoundedPaginator(object_list, per_page, limit=limit)
    paginator.reach(number)
    return paginator.get_page(number)


def _deferred_page(queryset, number, per_page, limit):
    paginator = BoundedPaginator(queryset.values_list("pk", flat=True), per_page, limit=limit)
    paginator.reach(number)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = list(queryset.filter(pk__in=ids)) if ids else []
    return Page(rows, page.number, paginator)


__all__ = ["COUNT_LIMIT", "PER_PAGE", "BoundedPaginator", "InvalidPage", "paginate"]
