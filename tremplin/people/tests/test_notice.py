"""The information notice: versions written by the national team, published versions frozen, printable
in FALC and the languages provided, and each consent keeps the version the person was given."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tremplin.core.roles import Role
from tremplin.people.models import InformationNotice
from tremplin.people.services import record_consent
from tremplin.people.services.notice import publish, start_draft


def test_version_1_comes_from_the_migration_published_in_french_and_falc(db):
    notice = InformationNotice.objects.current()
    assert notice.version == 1 and notice.is_published
    assert "Vos droits" in notice.text and "CNIL" in notice.text
    assert "Qui peut voir vos informations ?" in notice.text_falc
    assert [code for code, _name in notice.available_languages()] == ["fr", "falc"]


def test_a_published_version_is_frozen_and_editing_makes_a_new_draft(make_user):
    admin = make_user(Role.NETWORK_ADMIN)
    first = InformationNotice.objects.get(version=1)
    first.text = "changé"
    with pytest.raises(ValidationError):
        first.save()
    draft = start_draft(admin)
    assert (draft.version, draft.is_published) == (2, False)
    assert draft.text == InformationNotice.objects.get(version=1).text  # a copy to start from
    assert start_draft(admin) == draft  # one draft at a time
    assert InformationNotice.objects.current().version == 1  # a draft is never given
    publish(admin, draft)
    assert InformationNotice.objects.current().version == 2
    with pytest.raises(ValidationError):
        publish(admin, draft)


def test_the_consent_keeps_the_version_given(make_user, helene):
    mediator = make_user(Role.MEDIATOR)
    admin = make_user(Role.NETWORK_ADMIN)
    before = record_consent(mediator, helene, channel="in_person")
    publish(admin, start_draft(admin))
    after = record_consent(mediator, helene, channel="in_person")
    assert (before.notice.version, before.notice_version) == (1, "1")
    assert (after.notice.version, after.notice_version) == (2, "2")
    with pytest.raises(ValidationError):
        record_consent(mediator, helene, channel="in_person", notice=start_draft(admin))


def test_the_national_team_writes_translates_and_publishes(client_as):
    client = client_as(Role.NETWORK_ADMIN)
    assert client.get(reverse("people:notice_list")).status_code == 200
    response = client.post(reverse("people:notice_create"))
    assert response.status_code == 302 and response.url == reverse("people:notice_edit", args=[2])
    response = client.post(
        reverse("people:notice_edit", args=[2]),
        {"text": "Texte français v2", "text_falc": "Texte facile v2", "text_en": "English text v2", "text_ar": ""},
    )
    assert response.status_code == 302
    draft = InformationNotice.objects.get(version=2)
    assert (draft.text, draft.text_falc, draft.translations) == (
        "Texte français v2",
        "Texte facile v2",
        {"en": "English text v2"},
    )
    # Publishing asks for confirmation first.
    response = client.post(reverse("people:notice_publish", args=[2]))
    assert response.status_code == 200 and not InformationNotice.objects.get(version=2).is_published
    client.post(reverse("people:notice_publish", args=[2]), {"confirmed": "1"})
    assert InformationNotice.objects.current().version == 2
    # Frozen: the edit page sends back to the text.
    response = client.get(reverse("people:notice_edit", args=[2]))
    assert response.status_code == 302 and response.url == reverse("people:notice_detail", args=[2])


def test_staff_print_the_published_notice_in_falc_and_other_languages(client_as, make_user):
    admin = make_user(Role.NETWORK_ADMIN)
    draft = start_draft(admin)
    draft.translations = {"ar": "نص عربي"}
    draft.save()
    publish(admin, draft)
    client = client_as(Role.VOLUNTEER)
    page = client.get(reverse("people:notice_detail", args=[2]), {"langue": "ar"}).content.decode()
    assert 'dir="rtl"' in page and "نص عربي" in page
    page = client.get(reverse("people:notice_detail", args=[2]), {"langue": "falc"}).content.decode()
    assert "Qui peut voir vos informations ?" in page
    response = client.get(reverse("people:notice_pdf", args=[2]), {"langue": "falc"})
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert "Qui peut voir vos informations ?" in _pdf_text(response)
    # Arabic is printed shaped and right to left: the PDF's text reads as written (unshaped, it came out
    # reversed, letter by letter).
    response = client.get(reverse("people:notice_pdf", args=[2]), {"langue": "ar"})
    assert "نص عربي" in _pdf_text(response)
    assert client.get(reverse("people:notice_current")).url == reverse("people:notice_detail", args=[2])


def test_only_the_national_team_edits_and_sees_drafts(client_as, make_user):
    start_draft(make_user(Role.NETWORK_ADMIN))
    for role in (Role.SITE_MANAGER, Role.MEDIATOR, Role.OBSERVER, Role.REFERRER):
        client = client_as(role)
        assert client.get(reverse("people:notice_list")).status_code == 404
        assert client.get(reverse("people:notice_edit", args=[2])).status_code == 404
        assert client.get(reverse("people:notice_detail", args=[2])).status_code == 404
        assert client.post(reverse("people:notice_publish", args=[2]), {"confirmed": "1"}).status_code == 404
    assert not InformationNotice.objects.get(version=2).is_published


def test_the_demo_consents_are_counted_on_the_notice_list(demo_data, db, client_as):
    """Every demo consent names the notice in force; the list's « Personnes informées » counts them all."""
    from tremplin.people.models import Consent
    from tremplin.people.models.notice import InformationNotice

    current = InformationNotice.objects.current()
    given = Consent.objects.filter(notice_version=str(current.version)).count()
    assert given > 0
    assert Consent.objects.filter(notice=current).count() == given
    page = client_as("network_admin").get(reverse("people:notice_list")).content.decode()
    assert f"<td>{given}</td>" in page


def _pdf_text(response):
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_the_draft_form_names_each_language_in_the_interfaces_language(client_as):
    client = client_as(Role.NETWORK_ADMIN)
    client.post(reverse("people:notice_create"))
    page = client.get(reverse("people:notice_edit", args=[2])).content.decode()
    # The interface is French: « Texte en arabe », never the language's own name inside a French sentence.
    assert "Texte en anglais" in page and "Texte en arabe" in page and "Texte en ukrainien" in page
    assert "Texte en English" not in page and "Texte en العربية" not in page


def test_the_arabic_notice_pdf_is_headed_in_arabic_and_runs_right_to_left(make_user):
    from tremplin.people.views_notice import notice_document

    admin = make_user(Role.NETWORK_ADMIN)
    draft = start_draft(admin)
    draft.translations = {"ar": "نص عربي"}
    draft.save()
    document = notice_document(draft, "ar")
    assert draft.heading_in("ar") == "إشعار المعلومات، الإصدار 2"
    assert document.title == "إشعار المعلومات، الإصدار 2"  # not « Notice d'information » above an Arabic text
    assert document.text_shaping["direction"].value == "RTL"  # joined letters, right to left
    assert notice_document(draft, "fr").text_shaping is None
    assert draft.heading_in("falc") == "Notice d'information, version 2"
