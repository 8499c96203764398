"""Every edit form comes up with its saved values and saves unchanged.

For each edit form of the app, on a saved object of the demo data, the test reads the form as a browser would
submit it (the values the page put in each input, the selected options, the checked boxes, the textareas) and
posts it back untouched: the answer must be the redirect of a successful save, not the form again with errors.
A value the browser cannot show (a date in "31/01/2026" for an <input type=date>) comes back empty and fails here.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver, reverse

from tremplin.accounts.models import User
from tremplin.activities.models import Activity
from tremplin.core.testing.fixtures import enable_totp
from tremplin.inventory.models import ConnectivityProduct, Device, Donor, ErasureRecord, GradingRule, PriceGridEntry
from tremplin.network.models import PartnerOrganisation, Site
from tremplin.people.models import Beneficiary
from tremplin.people.services.notice import start_draft
from tremplin.stats.models import Programme
from tremplin.till.models import QuotaRule, Register
from tremplin.workshops.models import Session, Workshop

from .test_access_control import walk

# HTML's value sanitisation: a browser empties a date, time or number input whose value is not in its format.
BROWSER_FORMATS = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "datetime-local": re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?"),
    "number": re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?"),
}


def sanitised(kind, value):
    rule = BROWSER_FORMATS.get(kind)
    return value if rule is None or rule.fullmatch(value) else ""


class SubmittedForms(HTMLParser):
    """The forms of a page with the values a browser would submit, in order: [(method, action, [(name, value)])]."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea, self._options = [], None, None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(((attrs.get("method") or "get").lower(), attrs.get("action"), []))
        if not self.forms:
            return
        values = self.forms[-1][2]
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    values.append((name, attrs.get("value", "on")))
            else:
                values.append((name, sanitised(kind, attrs.get("value") or "")))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self.forms[-1][2].append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]  # a browser submits the first option of a plain select
            self.forms[-1][2].extend((name, value) for value in chosen)
            self._select = None


def _first(model, user, **filters):
    manager = model.objects
    scoped = manager.visible_to(user) if hasattr(manager, "visible_to") else manager.all()
    return scoped.filter(**filters).order_by("pk").first()


def _device_with_erasure(user):
    record = ErasureRecord.objects.filter(device__in=Device.objects.visible_to(user)).order_by("pk").first()
    return record.device if record else None


def _upcoming_session(user):
    from django.utils import timezone

    return (
        Session.objects.managed_by(user).filter(starts_at__gt=timezone.now(), status="scheduled").order_by("pk").first()
    )


def _diagnostic_draft(user):
    """The questionnaire draft (a copy of the published version the demo ships), made when there is none."""
    from tremplin.assessments import editor

    return editor.current_draft() or editor.create_draft(user)


# (page showing the form, action the form posts to, demo account, object the page edits)
EDIT_FORMS = [
    ("people:edit", None, "responsable.lyon", lambda u: _first(Beneficiary, u, anonymised_at__isnull=True)),
    ("network:site_edit", None, "admin", lambda u: _first(Site, u)),
    ("network:partner_edit", None, "admin", lambda u: _first(PartnerOrganisation, u)),
    ("workshops:workshop_edit", None, "admin", lambda u: _first(Workshop, u)),
    ("activities:edit", None, "mediatrice.lyon", lambda u: _first(Activity, u)),
    ("inventory:device_edit", None, "responsable.lyon", lambda u: _first(Device, u, status="diagnosis")),
    ("inventory:donor_edit", None, "responsable.lyon", lambda u: _first(Donor, u)),
    ("inventory:price_edit", None, "admin", lambda u: _first(PriceGridEntry, u)),
    ("inventory:rule_edit", None, "admin", lambda u: _first(GradingRule, u)),
    ("inventory:product_edit", None, "admin", lambda u: _first(ConnectivityProduct, u)),
    ("workshops:session_move", None, "responsable.lyon", lambda u: _upcoming_session(u)),
    ("workshops:session_detail", "workshops:session_seats", "responsable.lyon", lambda u: _upcoming_session(u)),
    # "Corriger l'effacement" on the device page: the erasure form comes prefilled with the saved record.
    ("inventory:device_detail", "inventory:device_erasure", "responsable.lyon", _device_with_erasure),
    ("till:rule_edit", None, "admin", lambda u: _first(QuotaRule, u)),
    ("till:register_edit", None, "responsable.lyon", lambda u: _first(Register, u)),
    ("assessments:editor_version_edit", None, "admin", _diagnostic_draft),
    ("assessments:editor_area_edit", None, "admin", lambda u: _diagnostic_draft(u).areas.first()),
    ("assessments:editor_item_edit", None, "admin", lambda u: _diagnostic_draft(u).areas.first().items.first()),
    ("stats:programme_edit", None, "admin", lambda u: _first(Programme, u)),
    # The information notice: only a draft is edited (a published version is frozen), so the finder starts one.
    ("people:notice_edit", None, "admin", lambda u: start_draft(u)),
]
# The attribute the page's URL takes, when it is not the primary key.
URL_ARG = {"activities:edit": "uuid", "people:notice_edit": "version"}


def _key(obj):
    return obj.uuid if hasattr(obj, "uuid") and not isinstance(obj, Beneficiary | Device) else obj.pk


def test_every_edit_page_of_the_app_is_covered_here():
    names = {name for _route, name in walk(get_resolver()) if name and name.endswith("edit")}
    assert names <= {page for page, *_rest in EDIT_FORMS}, names - {page for page, *_rest in EDIT_FORMS}


@pytest.mark.parametrize(("page", "action", "account", "find"), EDIT_FORMS, ids=[f[1] or f[0] for f in EDIT_FORMS])
def test_an_edit_form_saved_unchanged_succeeds(demo_data, db, client, page, action, account, find):
    user = User.objects.get(email__startswith=f"{account}@")
    enable_totp(user)
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    obj = find(user)
    assert obj is not None, f"the demo data has nothing for {page}"
    arg = getattr(obj, URL_ARG.get(page, "pk"))
    page_url = reverse(page, args=[arg])
    action_url = reverse(action, args=[arg]) if action else page_url

    response = client.get(page_url)
    assert response.status_code == 200
    parser = SubmittedForms()
    parser.feed(response.content.decode())
    forms = [
        f
        for f in parser.forms
        if f[0] == "post" and urlsplit(f[1] or page_url).path == action_url and ("action", "search") not in f[2]
    ]
    assert forms, f"no form posts to {action_url} on {page_url}"
    data = {}
    for name, value in forms[0][2]:
        data.setdefault(name, []).append(value)

    saved = client.post(action_url, data)

    body = saved.content.decode(errors="replace") if saved.status_code == 200 else ""
    assert saved.status_code == 302, f"{page_url} saved unchanged came back {saved.status_code}: {body[:3000]}"
    followed = client.get(saved["Location"])
    assert "message-error" not in followed.content.decode(), f"{page_url}: the save was refused"
