"""Never a 500: every page, for every demo role, with real ids, junk query strings and junk form posts.

Every full page it opens must also carry a plain-text <title> (no markup spilled into it).

For each demo account the walker visits every URL pattern (real objects of that user's scope where the
pattern has converters, a random id otherwise), then posts to every URL: an empty body, and the fields of
every form seen on the pages filled with junk. No answer may be a server error, and a form that comes back
(200) after a post must show why (an error list or an alert).
"""

import re
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import transaction
from django.urls import get_resolver

from tremplin.accounts.demo import ACCOUNTS
from tremplin.accounts.models import Invitation, Membership, User
from tremplin.activities.models import Activity
from tremplin.assessments.models import Area, Assessment, Item, Questionnaire
from tremplin.core.testing.fixtures import enable_totp
from tremplin.core.testing.pages import page_title, title_problem
from tremplin.inventory.models import (
    AfterSalesTicket,
    ConnectivityProduct,
    Device,
    DonationBatch,
    Donor,
    GradingRule,
    PriceGridEntry,
    Transfer,
)
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.notifications.models import Message
from tremplin.people.models import Beneficiary, EligibilityRecord, InformationNotice
from tremplin.referrals.models import Referral
from tremplin.stats.models import FunderReport, Programme, ProgrammeGrant, ShareLink
from tremplin.workshops.models import Course, Enrollment, Session, Workshop

from .test_access_control import walk

# Posting to these would end the walk itself (sign out, drop two-factor) or only exercises allauth.
NO_POST = {"account_logout", "mfa_deactivate_totp", "mfa_activate_totp", "account_reauthenticate"}
# Pages where a 200 after a post is the expected answer, not a form shown again without its errors.
POST_200_OK = {
    "set_language",
    "people:merge_pick",  # a search, posted so that a name never appears in an address: results, or none
}

LONG = "é" * 5000
# "²" passes str.isdigit() but not int(); twenty nines pass int() but not the database.
# A NUL character passes str() but PostgreSQL refuses it in any text.
JUNK_VARIANTS = ["<script>x</script>", "ééé", "99999999999999999999", "²", "-1", "", LONG, "a\x00b", "1e400"]
# With these, hidden fields (the ids a page carries: next step, origin site…) keep the value the page gave them.
KEEP_HIDDEN = {"99999999999999999999", "²", ""}


def _scoped(model, user):
    manager = model.objects
    return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()


def _first(model, user, field="pk", **filters):
    obj = _scoped(model, user).filter(**filters).order_by("pk").first()
    return getattr(obj, field) if obj is not None else None


def _prefer(model, user, field="pk", **filters):
    """The first object in a state the page works on (a sold device for after-sales…), or any object."""
    return _first(model, user, field, **filters) or _first(model, user, field)


def _renewable(user, field):
    people = _scoped(Beneficiary, user).filter(anonymised_at__isnull=True, merged_into__isnull=True)
    record = EligibilityRecord.objects.filter(beneficiary__in=people).order_by("pk").first()
    if record is None:
        return None
    return record.beneficiary_id if field == "pk" else record.pk


def _person(user):
    return _first(Beneficiary, user, anonymised_at__isnull=True, merged_into__isnull=True)


def _record(user):
    person = _person(user)
    return EligibilityRecord.objects.filter(beneficiary_id=person).values_list("pk", flat=True).first()


def _other_person(user):
    first = _person(user)
    qs = _scoped(Beneficiary, user).filter(anonymised_at__isnull=True, merged_into__isnull=True).exclude(pk=first)
    return qs.order_by("pk").values_list("pk", flat=True).first()


def _last_notice():
    return InformationNotice.objects.order_by("-version").values_list("version", flat=True).first()


def _course_person(user):
    enrollment = _scoped(Enrollment, user).filter(session__course__isnull=False).order_by("pk").first()
    return enrollment.beneficiary_id if enrollment else _person(user)


# url name (or "namespace:" prefix of names) -> {converter kwarg: callable(user) -> real value or None}
KINDS = [
    ("accounts:revoke_invitation", {"pk": lambda u: _first(Invitation, u)}),
    ("accounts:membership_end", {"pk": lambda u: _first(Membership, u)}),
    ("accounts:", {"uuid": lambda u: _first(User, u, "uuid")}),
    ("network:site_", {"pk": lambda u: _first(Site, u)}),
    ("network:partner_", {"pk": lambda u: _first(PartnerOrganisation, u)}),
    ("people:eligibility_renew", {"pk": lambda u: _renewable(u, "pk"), "record_pk": lambda u: _renewable(u, "record")}),
    (
        "people:notice_",
        {"version": lambda u: InformationNotice.objects.order_by("-version").values_list("version", flat=True).first()},
    ),
    ("people:", {"pk": _person, "record_pk": _record, "other_pk": _other_person}),
    ("referrals:", {"pk": lambda u: _first(Referral, u)}),
    ("workshops:workshop_", {"pk": lambda u: _first(Workshop, u)}),
    ("workshops:session_", {"pk": lambda u: _first(Session, u)}),
    ("workshops:attendance", {"pk": lambda u: _first(Session, u)}),
    ("workshops:walk_in", {"pk": lambda u: _first(Session, u)}),
    ("workshops:course_", {"pk": lambda u: _first(Course, u), "beneficiary": _course_person}),
    ("workshops:person_enroll", {"pk": _person}),
    ("workshops:certificate", {"pk": lambda u: _prefer(Enrollment, u, attendance="present")}),
    ("workshops:", {"pk": lambda u: _prefer(Enrollment, u, status="confirmed")}),
    ("assessments:person", {"pk": _person}),
    ("assessments:kiosk_open", {"pk": _person}),
    (
        "assessments:editor_",
        {
            "pk": lambda u: _first(Questionnaire, u),
            "area_pk": lambda u: _first(Area, u),
            "item_pk": lambda u: _first(Item, u),
        },
    ),
    ("assessments:", {"pk": lambda u: _first(Assessment, u)}),
    ("activities:", {"uuid": lambda u: _first(Activity, u, "uuid")}),
    ("notifications:", {"uuid": lambda u: _first(Message, u, "uuid")}),
    ("inventory:donor_", {"pk": lambda u: _first(Donor, u)}),
    ("inventory:batch_", {"pk": lambda u: _first(DonationBatch, u)}),
    ("inventory:rule_", {"pk": lambda u: _first(GradingRule, u)}),
    ("inventory:price_", {"pk": lambda u: _first(PriceGridEntry, u)}),
    ("inventory:product_", {"pk": lambda u: _first(ConnectivityProduct, u)}),
    ("inventory:transfer_", {"pk": lambda u: _first(Transfer, u)}),
    ("inventory:ticket_detail", {"pk": lambda u: _first(AfterSalesTicket, u)}),
    ("inventory:device_edit", {"pk": lambda u: _prefer(Device, u, status="diagnosis")}),
    ("inventory:device_reserve", {"pk": lambda u: _prefer(Device, u, status="available")}),
    ("inventory:device_release", {"pk": lambda u: _prefer(Device, u, status="reserved")}),
    ("inventory:device_grade", {"pk": lambda u: _prefer(Device, u, status="refurbished")}),
    ("inventory:ticket_create", {"pk": lambda u: _prefer(Device, u, status="sold")}),
    ("inventory:", {"pk": lambda u: _first(Device, u)}),
    (
        "stats:programme_revoke_grant",
        {"pk": lambda u: _first(Programme, u), "grant_pk": lambda u: _first(ProgrammeGrant, u)},
    ),
    ("stats:programme_", {"pk": lambda u: _first(Programme, u)}),
    ("stats:report_", {"pk": lambda u: _first(FunderReport, u)}),
    ("stats:share_", {"pk": lambda u: _first(ShareLink, u)}),
    ("stats:export", {"fmt": lambda u: "xlsx"}),
    ("stats:coop_export", {"fmt": lambda u: "csv"}),
]
FALLBACK = {"int": "999999", "uuid": None, "str": "exemple", "slug": "exemple", "path": "exemple"}
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def concrete_paths(user):
    """(name, path) for every URL pattern, with this user's real objects where the pattern needs ids."""
    paths = []
    for route, name in sorted(set(walk(get_resolver())), key=lambda item: item[0]):
        if "(?P" in route:  # allauth's regex routes (e-mail confirmation, password reset keys)
            continue
        getters = next((g for prefix, g in KINDS if name and name.startswith(prefix)), {})

        def fill(match, getters=getters):
            converter, kwarg = match.group(1) or "str", match.group(2)
            value = getters[kwarg](user) if kwarg in getters else None
            if value is None:
                value = FALLBACK.get(converter) or uuid.uuid4()
            return str(value)

        paths.append((name, "/" + CONVERTER.sub(fill, route)))
    return paths


class FormParser(HTMLParser):
    """Forms of a page: method, action and fields (name -> input type, or the options of a select)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action")})
            self.forms[-1]["fields"] = {}
            return
        if not self.forms or not attrs.get("name"):
            if tag == "option" and self._select is not None and attrs.get("value"):
                self.forms[-1]["fields"][self._select].append(attrs["value"])
            return
        fields = self.forms[-1]["fields"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            fields[attrs["name"]] = f"hidden:{attrs.get('value') or ''}" if kind == "hidden" else kind
        elif tag == "textarea":
            fields[attrs["name"]] = "text"
        elif tag == "select":
            self._select = attrs["name"]
            fields[attrs["name"]] = []
        elif tag == "option" and self._select is not None and attrs.get("value"):
            fields[self._select].append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse_forms(html, page_path):
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        form["action"] = urlsplit(form["action"]).path if form["action"] else page_path
    return parser.forms


def junk_data(fields, variant):
    """One junk value per field; hidden fields (CSRF, next, ids) keep junk too, files are left out."""
    data = {"csrfmiddlewaretoken": "x"}  # as a browser sends it: the body is never empty (`request.POST or None`)
    for name, kind in fields.items():
        if name == "csrfmiddlewaretoken" or kind == "file":
            continue
        if kind.startswith("hidden:") if isinstance(kind, str) else False:
            data[name] = kind.removeprefix("hidden:") if variant in KEEP_HIDDEN else variant
        elif isinstance(kind, list):  # a select: a value that is not among the options, or the last option
            data[name] = variant if variant else (kind[-1] if kind else "")
        elif kind in ("date", "datetime-local", "time"):
            data[name] = "31/02/2026"
        elif kind == "number":  # out of range, negative, blank, or not a number at all
            data[name] = variant if variant in ("99999999999999999999", "-1", "", "1e400") else "abc"
        elif kind in ("checkbox", "radio"):
            data[name] = variant or "on"
        else:
            data[name] = variant
    return data


def shows_an_error(html):
    """An error, or the confirmation step of an irreversible action (core/confirm.py): both are right answers."""
    return 'class="errorlist' in html or 'role="alert"' in html or "errorlist" in html or "data-confirm-step" in html


class Walk:
    def __init__(self, client, label):
        self.client, self.label, self.problems = client, label, []

    def request(self, method, path, data=None, **extra):
        try:
            # A failing view must not break the test's transaction, and each post starts from the same data
            # (anonymising or merging the walk's person first would turn the next pages into 404s).
            with transaction.atomic():
                response = getattr(self.client, method)(path, data, **extra)
                transaction.set_rollback(True)
            return response
        except Exception as error:  # the test client re-raises what would be a 500
            self.problems.append(
                f"{self.label} {method.upper()} {path[:120]} raised {error.__class__.__name__}: {error}"[:400]
            )
            return None

    def check(self, response, method, path, name, posted=False):
        if response is None:
            return

        if response.status_code >= 500:
            self.problems.append(f"{self.label} {method.upper()} {path[:120]} ({name}) answered {response.status_code}")
        elif posted and response.status_code == 200 and name not in POST_200_OK:
            content = response.content.decode(errors="replace") if "html" in response.get("Content-Type", "") else ""
            if content and not shows_an_error(content):
                self.problems.append(f"{self.label} POST {path[:120]} ({name}) came back 200 without an error")


def walk_as(client, local_part, post_junk=True):
    """Every page of `local_part`'s scope; with `post_junk`, also junk in every form that posts."""
    user = User.objects.get(email__startswith=f"{local_part}@")
    enable_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    walker = Walk(client, local_part)
    paths = concrete_paths(user)
    forms_by_action = {}
    get_forms = []
    for name, path in paths:
        response = walker.request("get", path)
        walker.check(response, "get", path, name)
        if response is not None and response.status_code == 200 and "html" in response.get("Content-Type", ""):
            html = response.content.decode(errors="replace")
            if "<html" in html and (problem := title_problem(page_title(html))):
                walker.problems.append(f"{local_part} GET {path[:120]} ({name}): {problem}")
            if " hx-" in html:  # the htmx request of the page answers too (and the page itself works without it)
                walker.check(walker.request("get", path, HTTP_HX_REQUEST="true"), "get", path, name)
            for form in parse_forms(html, path):
                if form["method"] == "post":
                    forms_by_action.setdefault(form["action"], {}).update(form["fields"])
                else:
                    get_forms.append((name, form))
    # Search and filter forms (GET): junk in every field, and a page number that is not one.
    for name, form in get_forms:
        for variant in ("<script>x</script>", "99999999999999999999", "²", LONG, "a\x00b"):
            data = junk_data(form["fields"], variant)
            data.pop("csrfmiddlewaretoken")
            data["page"] = variant
            path = f"{form['action']}?{urlencode(data)}"
            walker.check(walker.request("get", path), "get", path, name)
    # Every URL takes posts: empty, then junk in the fields of the forms that post to it.
    for name, path in paths:
        if name in NO_POST:
            continue
        fields = forms_by_action.get(path)
        walker.check(walker.request("post", path, {}), "post", path, name)
        if not fields or not post_junk:
            continue
        for variant in JUNK_VARIANTS:
            data = junk_data(fields, variant)
            # A posted search (hidden action=search: names stay out of URLs) answers with results, not errors.
            posted_form = data.get("action") != "search"
            walker.check(walker.request("post", path, data), "post", path, name, posted=posted_form)
    return walker.problems


def _first_account_of_its_roles(account):
    """True for the first demo account holding its set of roles; a second one (another site) repeats its forms."""
    roles = {membership[0] for membership in account[2]}
    return next(a for a in ACCOUNTS if {m[0] for m in a[2]} == roles) is account


# Every account walks every page of its own scope (its site's data differs); the junk posts, which test the
# forms' validation rather than the data, run once per set of roles: a quarter of the suite's time otherwise.
@pytest.mark.parametrize(
    ("local_part", "post_junk"), [(account[0], _first_account_of_its_roles(account)) for account in ACCOUNTS]
)
def test_no_page_or_form_answers_a_server_error_for_any_role(demo_data, db, client, local_part, post_junk):
    problems = walk_as(client, local_part, post_junk=post_junk)
    assert not problems, "\n".join(problems)
