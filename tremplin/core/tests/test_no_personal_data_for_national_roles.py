"""Least privilege, one rule everywhere: the national team and observers never see a person.

docs/roles.md: the national team (network_admin) and observers (financeurs) see aggregate figures and
pseudonymous references only, never a name, phone number or e-mail of a person accompanied or referred.
This walks every URL pattern (with real ids from the demo data, as test_no_server_error does) once per
role, GET only, and fails on any demo person's name, phone or e-mail in the body: HTML, CSV, the text of
XLSX workbooks and of PDFs. Pages added later are walked too, without changing this file.
"""

import html
import io
import re
import zipfile

import pytest
from django.db.models import Q
from django.urls import Resolver404, resolve, reverse

from tremplin.accounts.models import User
from tremplin.core.testing.fixtures import enable_totp
from tremplin.core.testing.pages import whole_words
from tremplin.inventory.models import Device
from tremplin.people.models import Beneficiary
from tremplin.referrals.models import Referral
from tremplin.till.models import Sale

from .test_no_server_error import concrete_paths

SKIP = {"account_logout", "set_language"}
LINK = re.compile(r'href="(/[^"]*)"')
LINKS_PER_NAME = 3
# Words that a short or common last name could also be on a page for other reasons.
MIN_DISTINCTIVE = 5


def _phone_forms(phone):
    """The ways a stored number is shown: as stored (E.164), national with and without spaces."""
    if not phone:
        return []
    national = "0" + str(phone.national_number)
    spaced = " ".join(national[i : i + 2] for i in range(0, len(national), 2))
    return [str(phone), national, spaced]


def _needles():
    """(text, what) for every demo person: full name, distinctive last name, phones, e-mail."""
    staff_words = " ".join(User.objects.values_list("full_name", flat=True)).casefold()
    needles = set()
    people = list(Beneficiary.objects.filter(anonymised_at__isnull=True))
    people += list(Referral.objects.all())
    for person in people:
        first, last = person.first_name.strip(), person.last_name.strip()
        if first and last:
            needles.add((f"{first} {last}", "nom"))
            needles.add((f"{last} {first}", "nom"))
        if len(last) >= MIN_DISTINCTIVE and last.casefold() not in staff_words:
            needles.add((last, "nom de famille"))
        needles.update((form, "téléphone") for form in _phone_forms(person.phone))
        if person.email:
            needles.add((person.email, "e-mail"))
    return sorted(needles)


def _text(response):
    """The readable text of an answer: HTML/CSV as is, XLSX cells, PDF text."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if body.startswith(b"PK"):  # XLSX (and any zip of XML): every member's text
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    if "text" in kind or "json" in kind or "csv" in kind or not kind:
        return html.unescape(body.decode(errors="replace"))
    return ""


def _leaks(client, local_part):
    user = User.objects.get(email__startswith=f"{local_part}@")
    enable_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    needles = _needles()
    assert needles, "the demo data should have people"
    pattern = whole_words(text for text, _what in needles)
    what = {text.casefold(): kind for text, kind in needles}
    problems, seen, per_name = [], set(), {}
    queue = [(name, path) for name, path in concrete_paths(user) if name not in SKIP]
    # Objects in the states that name a person (a device sold or reserved to someone), whatever the
    # first object of each kind happens to be.
    for device in Device.objects.visible_to(user).filter(Q(sold_to__isnull=False) | Q(reserved_for__isnull=False))[:4]:
        queue.append(("inventory:device_detail", reverse("inventory:device_detail", args=[device.pk])))
    for sale in Sale.objects.visible_to(user).filter(beneficiary_id__isnull=False).order_by("pk")[:3]:
        queue.append(("till:sale", reverse("till:sale", args=[sale.pk])))
    while queue:
        name, path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200:
            continue
        text = _text(response)
        found = {match.group(0) for match in pattern.finditer(text)}
        for needle in sorted(found):
            problems.append(f"{local_part} GET {path} ({name}): {what.get(needle.casefold(), '?')} « {needle} »")
        # One level of links from each page: the objects the first-object walk does not reach (a sold
        # device, another activity…), a few per URL name so the run stays short.
        for link in LINK.findall(text) if "html" in response.get("Content-Type", "") else []:
            link = link.split("?")[0].split("#")[0]
            if link in seen:
                continue
            try:
                link_name = resolve(link).view_name
            except Resolver404:
                continue
            if link_name in SKIP or per_name.get(link_name, 0) >= LINKS_PER_NAME:
                continue
            per_name[link_name] = per_name.get(link_name, 0) + 1
            queue.append((link_name, link))
    return problems


@pytest.mark.parametrize("local_part", ["admin", "financeur"])
def test_national_roles_see_no_name_phone_or_email_of_a_person(demo_data, db, client, local_part):
    problems = _leaks(client, local_part)
    assert not problems, "\n".join(problems)


def test_the_walk_would_see_a_name_where_one_is_shown(demo_data, db, client):
    """The needles and the text extraction work: a site manager's list of people does show names."""
    user = User.objects.get(email__startswith="responsable.lyon@")
    enable_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    person = Beneficiary.objects.visible_to(user).active().order_by("last_name").first()
    text = _text(client.get(reverse("people:detail", args=[person.pk])))
    assert f"{person.first_name} {person.last_name}" in text
    assert any(needle in text for needle, _what in _needles())


def test_a_name_is_found_as_a_word_not_inside_a_token():
    """The CI failure of 1 December 2026: « zObeL » inside a CSRF token is not the last name « Zobel »."""
    pattern = whole_words(["Zobel", "06 12 34 56 78"])
    page = '<input name="csrfmiddlewaretoken" value="q8zObeLx2"> Gaston ZOBEL, 06 12 34 56 78.'
    assert [match.group(0) for match in pattern.finditer(page)] == ["ZOBEL", "06 12 34 56 78"]
    assert not pattern.search("Zobelstraße 4, 106 12 34 56 789")
