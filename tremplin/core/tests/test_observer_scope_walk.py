"""An observer sees the figures of their scope and nothing else, on every page, export and API answer.

docs/roles.md (« Financeur / acteur public ») and tremplin/core/observer_scope.py: an observer with a one-site
scope, or a programme-only funder (a network-wide observer membership plus a programme grant), sees no other
site's name or figure and no personal data anywhere, and every count from 1 to 4 shows as "< 5".

The walk logs in as each observer on a hand-built network of three sites with distinct names, opens every URL
pattern once (real ids of the user's scope, as test_no_server_error does) plus the statistics with filters
that name what is outside the scope, the exports and the statistics API, and fails on:

- the name or commune of a site outside the scope, the name of a programme not granted, a person's or a staff
  member's name;
- any figure that depends on the other sites: every page is read again after more data was added to the sites
  outside the scope, and must not change;
- a count from 1 to 4 shown as a number (table cells, headline figures, CSV/XLSX cells, API values).
"""

import html
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.activities.models import Activity
from tremplin.api import tokens
from tremplin.api.models import Scope
from tremplin.core.roles import Role
from tremplin.core.testing.factories import PartnerFactory, SiteFactory, UserFactory
from tremplin.core.testing.fixtures import enable_totp
from tremplin.core.testing.pages import whole_words
from tremplin.inventory.models import Status
from tremplin.inventory.tests.factories import DeviceFactory
from tremplin.people.models import Beneficiary
from tremplin.stats.programmes import Programme, ProgrammeGrant, ProgrammeTarget

from .test_access_control import PUBLIC_URL_NAMES
from .test_no_server_error import concrete_paths

# Pages anyone may open without an account (the public directory lists every site by design); the home page
# is walked: signed in, it is the observer's own page.
PUBLIC = PUBLIC_URL_NAMES - {"core:home"}
SKIP = {"account_logout", "set_language"}
# The API's public reads (sites, sessions, proof types: the directory's data, no token needed) are public too;
# its statistics are walked with a token of the observer's account (below).
PUBLIC_API = "api:"
# Exports say when they were produced: the clock stands still during the walk so the two readings compare.
NOW = datetime(2026, 11, 20, 10, 30, tzinfo=ZoneInfo("Europe/Paris"))
# Attributes and fields that change on every answer whatever the data: CSRF tokens and CSP nonces.
VOLATILE = re.compile(r'(nonce|value|content)="[^"]*"|csrfmiddlewaretoken[^>]*>')
SMALL_CELL = re.compile(r"<(td|dd|strong)\b[^>]*>\s*(?:<strong>)?\s*([1-4])\s*(?:</strong>)?\s*</\1>")
# Any other number from 1 to 4 in the text of the page's <main>, except dates ("1 janvier"), durations ("1 h",
# "30 min à 1 h"), the rule itself ("de 1 à 4"), an address ("1 place…") and a form error quoting the value
# typed ("2 n'en fait pas partie").
NOT_A_COUNT_AFTER = r"(?:h|min|à|place|n’en|n'en)\b|(?:janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc)"
SMALL_TEXT = re.compile(rf"(?<![\d,.:/\-–])(?<!à )\b([1-4])\b(?![\d,.:/%\-–])(?!\s?(?:{NOT_A_COUNT_AFTER}))")
SMALL_JSON = re.compile(r'"(?:value|previous|values|n|count)"\s*:\s*\[?\s*([1-4])\s*[,\]}]')

SITES = {
    # key: (name, code, commune, postal code, INSEE)
    "A": ("Espace Azalée", "AZAL", "Azay-le-Rideau", "37190", "37014"),
    "B": ("Espace Bégonia", "BEGO", "Bourg-en-Bresse", "01000", "01053"),
    "C": ("Espace Capucine", "CAPU", "Carpentras", "84200", "84031"),
}
PEOPLE = ("Ombeline Vasseur", "Théodule Garnier-Pichon", "Zéphyrine Kowalczyk")
STAFF_NAME = "Gaspard Médiateur-Témoin"


def _site(key):
    name, code, commune, postal_code, insee = SITES[key]
    return SiteFactory(name=name, code=code, commune=commune, postal_code=postal_code, insee_code=insee)


def _activities(site, mediator, count, person=None):
    today = timezone.localdate()
    for index in range(count):
        Activity.objects.create(
            site=site,
            recorded_by=mediator,
            date=today - timedelta(days=index % 3),
            kind="individuel",
            duration=30 + 15 * index,
            thematiques=["email"],
            beneficiary=person if index == 0 else None,
        )


def _devices(site, available, sold, received):
    for _index in range(available):
        DeviceFactory(site=site, status=Status.AVAILABLE, grade="A", computed_grade="A")
    for _index in range(sold):
        DeviceFactory(site=site, status=Status.SOLD, sold_at=timezone.now() - timedelta(days=2))
    for _index in range(received):
        DeviceFactory(site=site, status=Status.RECEIVED)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def network(db, frozen_clock):
    """Three sites with small, distinct figures: A (2 activities, 3 available, 2 sold, 1 received), B (the
    figures no observer of A or C may see), C (the programme's site: 3 activities, 2 available, 1 sold)."""
    sites = {key: _site(key) for key in SITES}
    mediator = UserFactory(full_name=STAFF_NAME)
    for site in sites.values():
        Membership.objects.create(user=mediator, role=Role.MEDIATOR, site=site)
    people = {}
    for key, full_name in zip(SITES, PEOPLE, strict=True):
        first, last = full_name.split(" ", 1)
        people[key] = Beneficiary.objects.create(first_name=first, last_name=last, birth_year=1960)
        people[key].sites.add(sites[key])
    _activities(sites["A"], mediator, 2, people["A"])
    _activities(sites["B"], mediator, 9, people["B"])
    _activities(sites["C"], mediator, 3, people["C"])
    _devices(sites["A"], available=3, sold=2, received=1)
    _devices(sites["B"], available=12, sold=7, received=6)
    _devices(sites["C"], available=2, sold=1, received=0)
    PartnerFactory(name="Association Passerelle")
    today = timezone.localdate()
    granted = Programme.objects.create(
        name="Programme Cap Numérique",
        funder_name="Fondation Exemple",
        starts_on=today.replace(month=1, day=1),
        ends_on=today.replace(month=12, day=31),
    )
    granted.sites.add(sites["C"])
    ProgrammeTarget.objects.create(programme=granted, kind="activities", value=40)
    other = Programme.objects.create(
        name="Programme Bégonia Solidaire",
        funder_name="Région Exemple",
        starts_on=granted.starts_on,
        ends_on=granted.ends_on,
    )
    other.sites.add(sites["B"])
    ProgrammeTarget.objects.create(programme=other, kind="devices", value=30)
    return {"sites": sites, "mediator": mediator, "granted": granted, "other": other}


def _one_site_observer(network):
    user = UserFactory(full_name="Observatrice Un Espace")
    Membership.objects.create(user=user, role=Role.OBSERVER, site=network["sites"]["A"])
    return user, {"A"}


def _programme_observer(network):
    user = UserFactory(full_name="Financeur Programme")
    Membership.objects.create(user=user, role=Role.OBSERVER)  # network-wide membership...
    ProgrammeGrant.objects.create(programme=network["granted"], user=user)  # ...narrowed by the grant
    return user, {"C"}


OBSERVERS = {"one_site": _one_site_observer, "programme": _programme_observer}


def _text(response):
    """What a reader gets: HTML/CSV/JSON as text (CSRF tokens and nonces removed), XLSX cell values."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            "\t".join("" if value is None else repr(value) for value in row)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    return VOLATILE.sub("", html.unescape(body.decode(errors="replace")))


def small_counts(text, kind):
    """The counts from 1 to 4 shown as numbers in `text` (the small-count rule says "< 5")."""
    if "spreadsheet" in kind:  # XLSX cells: repr() of ints
        return re.findall(r"(?:^|\t)([1-4])(?=\t|$)", text, re.MULTILINE)
    if "csv" in kind:  # the house CSV: ";" between fields, "," is the decimal comma ("1,5" h is no count)
        return re.findall(r'(?:^|;)"?([1-4])"?(?=;|\r?$)', text, re.MULTILINE)
    if "json" in kind:
        return SMALL_JSON.findall(text)
    found = [match.group(2) for match in SMALL_CELL.finditer(text)]
    main = re.search(r"<main\b.*?</main>", text, re.DOTALL)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main.group(0) if main else "", flags=re.DOTALL)
    return found + SMALL_TEXT.findall(re.sub(r"<[^>]+>", " ", main))


def _urls(user, network, outside):
    """(name, path, headers): every pattern once, the statistics with filters naming what is outside the scope,
    the exports, and the statistics API with a token of the observer's account."""
    urls = [
        (name, path, {})
        for name, path in concrete_paths(user)
        if name not in SKIP and name not in PUBLIC and not name.startswith(PUBLIC_API)
    ]
    other_site = network["sites"][sorted(outside)[0]].pk
    queries = ("", f"?espace={other_site}", f"?programme={network['other'].pk}", f"?programme={network['granted'].pk}")
    for query in queries:
        urls.append(("stats:dashboard", reverse("stats:dashboard") + query, {}))
        urls.append(("stats:export", reverse("stats:export", args=["xlsx"]) + query, {}))
        urls.append(("stats:export", reverse("stats:export", args=["csv"]) + query, {}))
    for programme in (network["granted"], network["other"]):
        urls.append(("stats:programme_detail", reverse("stats:programme_detail", args=[programme.pk]), {}))
    admin = UserFactory()
    Membership.objects.create(user=admin, role=Role.NETWORK_ADMIN)
    _token, secret = tokens.issue_token(
        admin,
        name="Outil du financeur",
        partner=None,
        account=user,
        scopes=[Scope.STATS_READ],
        expires_at=timezone.now() + timedelta(days=30),
    )
    for query in ("", f"?espace={other_site}"):
        urls.append(("api:get_stats", "/api/v1/stats" + query, {"HTTP_AUTHORIZATION": f"Bearer {secret}"}))
    return urls


def _read_all(client, urls):
    answers = {}
    for name, path, headers in urls:
        response = client.get(path, **headers)
        assert response.status_code < 500, f"GET {path} ({name}) answered {response.status_code}"
        if response.status_code == 200:
            answers[path] = (name, response.get("Content-Type", ""), _text(response))
    return answers


def _add_outside(network, outside):
    """More people, activities and devices at the sites outside the scope: nothing an observer sees may move."""
    mediator = network["mediator"]
    for key in sorted(outside):
        site = network["sites"][key]
        _activities(site, mediator, 6)
        _devices(site, available=5, sold=3, received=4)


@pytest.mark.parametrize("kind", sorted(OBSERVERS))
def test_an_observer_sees_only_their_scope_everywhere_with_small_counts_masked(network, client, kind):
    user, inside = OBSERVERS[kind](network)
    outside = set(SITES) - inside
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    urls = _urls(user, network, outside)
    before = _read_all(client, urls)
    assert any(name == "inventory:dashboard" for name, _kind, _text in before.values()), "the walk reached no page"
    forbidden = [SITES[key][0] for key in outside] + [SITES[key][2] for key in outside]
    forbidden += [network["other"].name, STAFF_NAME, *PEOPLE]
    pattern = whole_words(forbidden)
    problems = []
    for path, (name, content_type, text) in before.items():
        for found in sorted({match.group(0) for match in pattern.finditer(text)}):
            problems.append(f"{kind}: GET {path} ({name}) shows « {found} »")
        for value in small_counts(text, content_type):
            problems.append(f"{kind}: GET {path} ({name}) shows the count {value} (should be « < 5 »)")
    _add_outside(network, outside)
    after = _read_all(client, urls)
    for path, (name, _content_type, text) in before.items():
        if after.get(path, (None, None, None))[2] != text:
            problems.append(f"{kind}: GET {path} ({name}) changes when the sites outside the scope get more data")
    assert not problems, "\n".join(problems)


def test_the_walk_would_see_small_counts_and_other_sites(network, client):
    """The checks have teeth: site managers see exact small counts (in a table cell on the stock dashboard, in a
    sentence on the programme page); a network-wide observer sees the other sites."""
    for key, url in (
        ("A", reverse("inventory:dashboard")),  # 3 available devices at A
        ("C", reverse("stats:programme_detail", args=[network["granted"].pk])),  # « 3 sur un objectif de 40 »
    ):
        manager = UserFactory()
        Membership.objects.create(user=manager, role=Role.SITE_MANAGER, site=network["sites"][key])
        enable_totp(manager)
        client.force_login(manager, backend="allauth.account.auth_backends.AuthenticationBackend")
        response = client.get(url)
        assert response.status_code == 200
        assert small_counts(_text(response), response["Content-Type"]), url
    observer = UserFactory()
    Membership.objects.create(user=observer, role=Role.OBSERVER)
    client.force_login(observer, backend="allauth.account.auth_backends.AuthenticationBackend")
    text = _text(client.get(reverse("inventory:dashboard")))
    assert SITES["B"][0] in text and SITES["C"][0] in text
    assert "< 5" in text  # the network-wide observer's small counts are masked too
