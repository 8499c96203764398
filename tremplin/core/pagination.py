"""The one paginator of every list: counts no further than it needs to.

Django's Paginator counts the whole list (`COUNT(*)`) on every page, which costs as much as reading the
table when a list holds tens of thousands of rows, while the page itself takes a millisecond
(docs/performance.md, issue #14). `paginate()` counts at most `COUNT_LIMIT` rows past the start of the
requested page: short lists get their exact count, long ones say "plus de 1 000" and keep their page
links (previous / next, and any page number typed in the address), without JavaScript.

`deferred=True` pages through the primary keys only, then fetches the page's rows with their joins (a
"deferred join"): a deep page no longer makes the database build and throw away thousands of joined rows.

`seek=request.GET` adds keyset ("seek") pagination to a long list: past the pages the bounded count
knows, "Page suivante" links to `?apres=<id of the last row shown>` and "Page précédente" to
`?avant=<id of the first row>`. The page after (or before) a row is read from the index that serves the
list's order, `WHERE (order columns) > (that row's values) … LIMIT 26`: the same few milliseconds at row
2,000,000 as at row 26, where an `OFFSET` reads and throws away every row before it. Only the id is in the
address (never a name); the row's sort values are read back through the list's own queryset, so an id the
user may not see gives the first page, as junk does. On such a list page numbers stop where the count does
(page 40 with 25 rows a page): a deeper number typed in the address gives page 40 with a note saying how
to go further, so no request makes the database skip more than `COUNT_LIMIT` rows.
"""

from collections.abc import Mapping

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.functional import cached_property

PER_PAGE = 25
# Counting stops this many rows past the start of the page asked for.
COUNT_LIMIT = 1000
# A page number typed far beyond any list does not make the count (or the LIMIT) overflow: it gives the last page known.
MAX_REACH = 10_000_000
# The query-string parameters of keyset pages: the id of the row the page starts after (or ends before).
AFTER = "apres"
BEFORE = "avant"


class ListPage(Page):
    """A page that knows the query string of its neighbours ("page=3", or "apres=<id>" past the known pages)."""

    seek = False  # the list can be paged by keyset
    keyset = False  # this page was reached by keyset (no page number)
    clamped = False  # a page number past the numbered pages was asked for: this is the deepest numbered one
    past_end = False  # a page number past the end of a shorter list was asked for: this is its last page
    deepest = MAX_REACH  # the last page reached by number on a seekable list

    @property
    def next_query(self):
        if not self.has_next():
            return ""
        if self.seek and (self.keyset or self.number + 1 > min(self.paginator.pages_known, self.deepest)):
            return f"{AFTER}={self[-1].pk}"
        return f"page={self.number + 1}"

    @property
    def previous_query(self):
        if not self.has_previous():
            return ""
        if self.keyset:
            return f"{BEFORE}={self[0].pk}"
        return f"page={self.number - 1}"


class KeysetPage(ListPage):
    """The rows after (or before) a given row; neighbours are known from one extra row read, not from a count."""

    keyset = True
    seek = True

    def __init__(self, object_list, paginator, *, has_previous, has_next):
        super().__init__(object_list, 0, paginator)
        self._has_previous = has_previous
        self._has_next = has_next

    def has_next(self):
        return self._has_next and bool(self.object_list)

    def has_previous(self):
        return self._has_previous and bool(self.object_list)

    def has_other_pages(self):
        return True  # reached from another page: the way back to the first page is always shown


class BoundedPaginator(Paginator):
    """A Paginator whose `count` stops at `limit` rows (`is_bounded` then tells the list is longer)."""

    def __init__(self, object_list, per_page, *, limit=COUNT_LIMIT, count_rows=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        # The same rows as object_list, in a shape the database counts faster (see paginate()).
        self.count_rows = count_rows

    @cached_property
    def counted(self):
        """Rows counted, at most limit + 1 (one more than the limit proves the list goes on)."""
        rows = self.object_list if self.count_rows is None else self.count_rows
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

    def mark_bounded(self):
        """A keyset page is only reached past the counted pages: the list is known to be longer than the limit."""
        self.__dict__["counted"] = self.limit + 1

    def _get_page(self, *args, **kwargs):
        return ListPage(*args, **kwargs)

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


def paginate(object_list, number, *, per_page=PER_PAGE, deferred=False, limit=COUNT_LIMIT, seek=None, count_rows=None):
    """Page `number` (a string from the query string, or None) of `object_list`; `seek` (the query string)
    turns on keyset pages for a queryset ordered by model fields ending with the primary key (see the
    module's doc). `count_rows`, when given, is a queryset of the same rows as `object_list` that the bounded
    count reads instead (a shape the database counts faster than the list's own, e.g. a join from an index
    of the scope; the caller answers for it holding the same rows; not with `deferred`).

    Junk ("abc", "²", "2.5"), zero and negative numbers give the first page. A number past the end of the
    list gives its last page with `past_end` set (the template says that page does not exist). On a
    seekable list a number past the numbered pages gives the deepest numbered one with `clamped` set (the
    template says how to go further) — only when the list really goes on past it."""
    keys = _seek_keys(object_list) if seek is not None else None
    asked = page_number(number)
    clamped = False
    deepest = MAX_REACH
    if keys:
        page = _keyset_page(object_list, keys, seek, per_page, limit)
        if page is not None:
            return page
        # Numbered pages stop where the count does: deeper pages are reached by keyset ("Page suivante").
        deepest = max(1, -(-limit // per_page))
    shown = min(asked, deepest)
    if deferred:
        page = _deferred_page(object_list, shown, per_page, limit)
    else:
        paginator = BoundedPaginator(object_list, per_page, limit=limit, count_rows=count_rows)
        paginator.reach(shown)
        page = paginator.get_page(shown)
    if page.number < shown or (asked > deepest and not page.has_next()):
        page.past_end = True  # the list is shorter than the page asked for: no word about numbering limits
    elif asked > deepest:
        clamped = True
    page.seek = bool(keys)
    page.clamped = clamped
    page.deepest = deepest
    return page


def page_number(number):
    """The page number asked for, from 1 to MAX_REACH: junk, zero and negative numbers are page 1."""
    text = str(number).strip()
    if text.isascii() and text.lstrip("+").isdigit() and len(text) > 12:
        return MAX_REACH  # a huge number (even past what int() accepts) is past the end of any list
    try:
        number = int(text)
    except ValueError:
        return 1  # "abc", "²", "2.5", "" or None
    return min(max(number, 1), MAX_REACH)


def _seek_keys(queryset):
    """[(field, descending)] of the list's order when it can be sought: model fields, the primary key last."""
    if not isinstance(queryset, QuerySet) or queryset.query.combinator:
        return None
    ordering = queryset.query.order_by or queryset.model._meta.ordering
    keys = []
    for term in ordering:
        if not isinstance(term, str) or term == "?":
            return None
        name = term.lstrip("-")
        if name != "pk":
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                return None  # an annotation (a search score) or a related field: numbered pages only
            if field.null:
                return None
            if field.primary_key:
                name = "pk"
        keys.append((name, term.startswith("-")))
    if not keys or keys[-1][0] != "pk":
        return None
    return keys


def _seek_condition(keys, values, *, forward):
    """Rows strictly after (forward) or before the row whose sort values are `values`, in the list's order.

    The first column's range is stated on its own (`date <= x AND (date < x OR (date = x AND id < y))`) so
    that both engines start the index scan at the row instead of filtering the whole index."""

    def later(descending):
        return "lt" if descending == forward else "gt"

    first, first_descending = keys[0]
    condition = Q(**{f"{first}__{later(first_descending)}e": values[0]}) if len(keys) > 1 else Q()
    either = Q()
    for i, (name, descending) in enumerate(keys):
        step = Q(**{f"{name}__{later(descending)}": values[i]})
        for (previous, _descending), value in zip(keys[:i], values[:i], strict=False):
            step &= Q(**{previous: value})
        either |= step
    return condition & either


def _keyset_page(queryset, keys, params, per_page, limit):
    """The keyset page asked for by `apres` / `avant`, or None (no cursor, or one that names no visible row)."""
    if not isinstance(params, Mapping):
        return None
    forward = bool(params.get(AFTER))
    cursor = params.get(AFTER) or params.get(BEFORE)
    if not cursor:
        return None
    try:
        cursor = queryset.model._meta.pk.to_python(str(cursor)[:64])
    except ValidationError:
        return None
    names = [name for name, _descending in keys]
    values = queryset.filter(pk=cursor).values_list(*names).first()
    if values is None:
        return None
    rows = queryset.filter(_seek_condition(keys, values, forward=forward))
    if not forward:
        rows = rows.reverse()
    rows = list(rows[: per_page + 1])
    more = len(rows) > per_page
    rows = rows[:per_page]
    if not forward:
        rows.reverse()
    paginator = BoundedPaginator(queryset, per_page, limit=limit)
    paginator.mark_bounded()
    if forward:
        return KeysetPage(rows, paginator, has_previous=True, has_next=more)
    return KeysetPage(rows, paginator, has_previous=more, has_next=True)


def _deferred_page(queryset, number, per_page, limit):
    paginator = BoundedPaginator(queryset.values_list("pk", flat=True), per_page, limit=limit)
    paginator.reach(number)
    page = paginator.get_page(number)
    ids = list(page.object_list)
    rows = list(queryset.filter(pk__in=ids)) if ids else []
    return ListPage(rows, page.number, paginator)


__all__ = ["AFTER", "BEFORE", "COUNT_LIMIT", "PER_PAGE", "BoundedPaginator", "InvalidPage", "KeysetPage", "paginate"]
