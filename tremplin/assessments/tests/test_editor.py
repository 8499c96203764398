"""Editing the questionnaire (national team): drafts copy the published version, publication checks the draft,
retires the previous version, and answers keep the version they were given with. Others get a 404."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse

from tremplin.assessments import editor, services
from tremplin.assessments.models import Area, FrozenError, Item, Questionnaire, QuestionnaireStatus


@pytest.fixture
def admin(make_user):
    return make_user("network_admin")


def draft_of(admin, questionnaire):
    return editor.create_draft(admin)


# --- service ----------------------------------------------------------------------------------------------


def test_a_draft_is_a_full_copy_of_the_published_version_with_the_next_number(admin, questionnaire):
    draft = editor.create_draft(admin)
    assert draft.version == questionnaire.version + 1 and draft.status == QuestionnaireStatus.DRAFT
    source = [(a.code, a.order, a.names, a.crcn_codes, a.thematiques) for a in questionnaire.areas.all()]
    copied = [(a.code, a.order, a.names, a.crcn_codes, a.thematiques) for a in draft.areas.all()]
    assert copied == source and len(copied) == 6
    assert [(i.kind, i.texts) for i in Item.objects.filter(area__questionnaire=draft)] == [
        (i.kind, i.texts) for i in Item.objects.filter(area__questionnaire=questionnaire)
    ]
    assert Item.objects.filter(area__questionnaire=draft).count() == 14


def test_only_one_draft_at_a_time(admin, questionnaire):
    draft = editor.create_draft(admin)
    with pytest.raises(ValidationError, match=f"version {draft.version}"):
        editor.create_draft(admin)


def test_with_nothing_published_the_draft_starts_empty(admin, db):
    draft = editor.create_draft(admin)
    assert draft.version == 1 and not draft.areas.exists()
    assert "La version n'a aucun domaine." in editor.publication_problems(draft)


@pytest.mark.parametrize("role", ["site_manager", "mediator", "volunteer", "observer"])
def test_only_the_national_team_edits(make_user, questionnaire, role):
    with pytest.raises(PermissionDenied):
        editor.create_draft(make_user(role))


def test_a_published_version_cannot_be_edited_through_the_service(admin, questionnaire):
    area = questionnaire.areas.first()
    with pytest.raises(ValidationError):
        editor.save_area(
            admin, questionnaire, area, code="x", names={"fr": "X"}, crcn_codes=["1.1"], thematiques=[], order=1
        )
    with pytest.raises(FrozenError):
        Item.objects.filter(area=area).first().delete()


def test_publishing_lists_every_missing_piece_in_french(admin, questionnaire):
    draft = editor.create_draft(admin)
    empty = editor.save_area(
        admin, draft, code="nouveau", names={"fr": "Nouveau domaine"}, crcn_codes=["3.1"], thematiques=[], order=7
    )
    context_only = editor.save_area(
        admin, draft, code="contexte", names={"fr": "Contexte"}, crcn_codes=["1.1"], thematiques=[], order=8
    )
    editor.save_item(
        admin, draft, area=context_only, kind="context", texts={"fr": "Avez-vous une imprimante ?"}, order=1
    )
    # Bypass the model checks, as old data or a bad import would.
    untranslated = Item.objects.filter(area__questionnaire=draft).first()
    Item.objects.filter(pk=untranslated.pk).update(texts={"en": "Only English"})
    Area.objects.filter(pk=empty.pk).update(crcn_codes=["9.9"])

    problems = editor.publication_problems(draft)

    first_area = untranslated.area.names["fr"]
    assert problems == [
        f"La question 1 du domaine « {first_area} » n'a pas de texte en français.",
        "Le domaine « Nouveau domaine » cite une compétence CRCN inconnue : 9.9.",
        "Le domaine « Nouveau domaine » n'a aucune question.",
        "Le domaine « Contexte » n'a que des questions de contexte : ajoutez une mise en situation ou une "
        "auto-évaluation (sinon il n'a jamais de niveau).",
    ]
    with pytest.raises(ValidationError) as refused:
        editor.publish(admin, draft)
    assert refused.value.messages == problems
    draft.refresh_from_db()
    assert draft.status == QuestionnaireStatus.DRAFT


def test_the_guidance_warns_but_does_not_block(admin, questionnaire):
    draft = editor.create_draft(admin)
    for area in list(draft.areas.all())[4:]:
        editor.delete_area(admin, area)  # 4 areas left, 14 - 5 = 9 items
    warnings = editor.guidance_warnings(draft)
    assert "4 domaines : nous conseillons 5 à 6 domaines." in warnings
    remaining = Item.objects.filter(area__questionnaire=draft).count()
    assert f"{remaining} questions : nous conseillons 12 à 20 questions (10 à 15 minutes)." in warnings
    assert editor.publication_problems(draft) == []
    editor.publish(admin, draft)
    assert Questionnaire.objects.current() == draft


def test_a_missing_translation_is_a_warning_and_the_language_is_no_longer_offered_at_the_kiosk(admin, questionnaire):
    draft = editor.create_draft(admin)
    area = draft.areas.first()
    editor.save_item(admin, draft, area=area, kind="self", texts={"fr": "Savez-vous imprimer ?", "en": ""}, order=9)
    warnings = editor.guidance_warnings(draft)
    assert "Anglais : 1 texte manque ; les textes manquants s'affichent en français." in warnings
    assert "Arabe : 1 texte manque ; les textes manquants s'affichent en français." in warnings
    assert [code for code, _label in editor.languages_with_texts(draft, kinds=("self", "context"))] == ["fr"]
    assert [code for code, _label in editor.languages_with_texts(questionnaire, kinds=("self", "context"))] == [
        "fr",
        "en",
        "ar",
    ]


def test_publishing_retires_the_previous_version_and_answers_keep_theirs(admin, questionnaire, mediator, person):
    old = services.start_assessment(mediator, person)
    first_item = Item.objects.filter(area__questionnaire=questionnaire, kind="self").first()
    services.save_answers(mediator, old, {first_item.pk: "yes_alone"})
    draft = editor.create_draft(admin)
    item = Item.objects.filter(area__questionnaire=draft, kind="self").first()
    editor.save_item(
        admin, draft, item, area=item.area, kind="self", texts={"fr": "Savez-vous recharger votre téléphone ?"}, order=1
    )

    editor.publish(admin, draft)

    questionnaire.refresh_from_db()
    draft.refresh_from_db()
    assert questionnaire.status == QuestionnaireStatus.RETIRED and questionnaire.is_frozen
    assert draft.status == QuestionnaireStatus.PUBLISHED and draft.published_at is not None
    assert Questionnaire.objects.current() == draft
    old.refresh_from_db()
    assert old.questionnaire == questionnaire
    assert old.responses.get().item.texts == first_item.texts  # the wording it was answered with
    # The unfinished diagnostic is resumed on its own version; the next new one takes the published version.
    assert services.start_assessment(mediator, person) == old
    services.complete_assessment(mediator, old)
    assert services.start_assessment(mediator, person).questionnaire == draft
    with pytest.raises(FrozenError):
        questionnaire.title = "Autre"
        questionnaire.save()
    counts = {version.version: version.used for version in editor.versions()}
    assert counts == {draft.version: 1, questionnaire.version: 1}


def test_context_questions_are_not_scored(admin, questionnaire, mediator, person):
    draft = editor.create_draft(admin)
    area = draft.areas.first()
    context = editor.save_item(
        admin, draft, area=area, kind="context", texts={"fr": "Avez-vous une imprimante ?"}, order=9
    )
    editor.publish(admin, draft)
    assessment = services.start_assessment(mediator, person)
    answers = {item.pk: "yes_alone" for item in area.items.filter(kind="self")}
    answers.update({item.pk: "alone" for item in area.items.filter(kind="observed")})
    answers[context.pk] = "no"  # would pull the level down if it were counted
    services.save_answers(mediator, assessment, answers)
    assert services.compute_levels(assessment)[area.code] == 3
    with pytest.raises(ValidationError):
        services.save_answers(mediator, assessment, {context.pk: "yes_alone"})


# --- views ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["site_manager", "mediator", "volunteer", "observer", "referrer"])
def test_the_editor_is_a_404_for_everyone_but_the_national_team(client_as, questionnaire, role):
    client = client_as(role)
    assert client.get(reverse("assessments:editor_list")).status_code == 404
    assert client.get(reverse("assessments:editor_version", args=[questionnaire.pk])).status_code == 404
    assert client.post(reverse("assessments:editor_list")).status_code == 404
    assert not Questionnaire.objects.filter(status="draft").exists()


def test_the_national_team_lists_versions_creates_edits_and_publishes_a_draft(login, admin, questionnaire):
    client = login(admin)
    page = client.get(reverse("assessments:editor_list")).content.decode()
    assert "Version 1" in page and "Publiée" in page

    response = client.post(reverse("assessments:editor_list"))
    draft = Questionnaire.objects.get(status="draft")
    assert response.url == reverse("assessments:editor_version", args=[draft.pk])
    page = client.get(response.url).content.decode()
    assert "Rien ne bloque la publication." in page

    area = draft.areas.get(code="appareil")
    url = reverse("assessments:editor_area_edit", args=[area.pk])
    data = {
        "code": "appareil",
        "name_fr": "Se servir d'un appareil",
        "name_en": "",
        "name_ar": "استخدام جهاز",
        "order": "1",
        "crcn_codes": ["5.1"],
    }
    assert client.post(url, data).status_code == 302
    area.refresh_from_db()
    assert area.names == {"fr": "Se servir d'un appareil", "ar": "استخدام جهاز"} and area.crcn_codes == ["5.1"]

    url = reverse("assessments:editor_item_add", args=[draft.pk])
    data = {"area": str(area.pk), "kind": "context", "text_fr": "Avez-vous une imprimante ?", "order": "5"}
    assert client.post(url, data).status_code == 302
    assert area.items.filter(kind="context", texts__fr="Avez-vous une imprimante ?").exists()

    preview = client.get(reverse("assessments:editor_preview", args=[draft.pk]) + "?langue=ar").content.decode()
    assert 'lang="ar" dir="rtl"' in preview and "استخدام جهاز" in preview
    # The choices as the person will read them: in the preview's language, not the interface's.
    assert "<li>نعم، بمفردي</li>" in preview and "<li>لم أنجح</li>" in preview
    assert "Oui, seul·e" not in preview and "Pas réussi" not in preview

    url = reverse("assessments:editor_publish", args=[draft.pk])
    confirm = client.post(url).content.decode()
    assert "La version 1 est retirée : elle reste lisible et ses diagnostics la gardent." in confirm
    response = client.post(url, {"confirmed": "1"})
    assert response.url == reverse("assessments:editor_version", args=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == "published"
    page = client.get(reverse("assessments:editor_version", args=[questionnaire.pk])).content.decode()
    assert "Retirée" in page and "Cette version ne se modifie plus." in page


def test_the_forms_say_in_french_what_is_wrong(login, admin, questionnaire):
    client = login(admin)
    draft = editor.create_draft(admin)
    page = client.post(
        reverse("assessments:editor_area_add", args=[draft.pk]),
        {"code": "appareil", "name_fr": "", "order": "1", "crcn_codes": ["9.9"]},
    ).content.decode()
    assert "Ce champ est obligatoire." in page  # French name
    assert "Compétence CRCN inconnue : 9.9." in page
    page = client.post(
        reverse("assessments:editor_area_add", args=[draft.pk]),
        {"code": "appareil", "name_fr": "Doublon", "order": "1", "crcn_codes": ["1.1"]},
    ).content.decode()
    assert "Un autre domaine de cette version a déjà ce code." in page
    page = client.post(
        reverse("assessments:editor_item_add", args=[draft.pk]),
        {"area": str(draft.areas.first().pk), "kind": "self", "text_fr": " ", "order": "1"},
    ).content.decode()
    assert "Ce champ est obligatoire." in page


def test_publishing_an_invalid_draft_from_the_page_says_what_is_missing(login, admin, questionnaire):
    client = login(admin)
    draft = editor.create_draft(admin)
    editor.save_area(
        admin, draft, code="vide", names={"fr": "Domaine vide"}, crcn_codes=["3.1"], thematiques=[], order=9
    )
    page = client.get(reverse("assessments:editor_version", args=[draft.pk])).content.decode()
    assert "Le domaine « Domaine vide » n&#x27;a aucune question." in page
    response = client.post(reverse("assessments:editor_publish", args=[draft.pk]), {"confirmed": "1"}, follow=True)
    assert "Cette version ne peut pas être publiée" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_published_version_has_no_edit_page(login, admin, questionnaire):
    client = login(admin)
    area = questionnaire.areas.first()
    response = client.post(
        reverse("assessments:editor_area_edit", args=[area.pk]),
        {"code": "x", "name_fr": "X", "order": "1", "crcn_codes": ["1.1"]},
    )
    assert response.url == reverse("assessments:editor_version", args=[questionnaire.pk])
    area.refresh_from_db()
    assert area.code == "appareil"


def test_deleting_a_draft_item_asks_first(login, admin, questionnaire):
    client = login(admin)
    draft = editor.create_draft(admin)
    item = Item.objects.filter(area__questionnaire=draft).first()
    url = reverse("assessments:editor_item_delete", args=[draft.pk, item.pk])
    assert "Supprimer la question ?" in client.post(url).content.decode()
    assert Item.objects.filter(pk=item.pk).exists()
    client.post(url, {"confirmed": "1"})
    assert not Item.objects.filter(pk=item.pk).exists()


# --- numbering from 1 -------------------------------------------------------------------------------------


def test_areas_and_questions_are_numbered_from_one_where_the_team_sees_them(login, admin, questionnaire):
    # The demo questionnaire has 6 areas, "Utiliser un appareil" first with 3 questions (questionnaire_data.AREAS).
    assert [area.order for area in questionnaire.areas.all()] == [1, 2, 3, 4, 5, 6]
    assert [item.order for item in questionnaire.areas.get(code="appareil").items.all()] == [1, 2, 3]

    page = login(admin).get(reverse("assessments:editor_version", args=[questionnaire.pk])).content.decode()

    assert ">1. Utiliser un appareil <small>" in page
    assert ">6. Smartphone <small>" in page
    assert ">0. " not in page and "ordre 0" not in page


def test_the_heading_counts_areas_from_one_whatever_their_sort_keys(login, admin, questionnaire):
    draft = editor.create_draft(admin)
    draft.areas.update(order=10)  # sort keys with gaps: the team still reads 1, 2, 3…

    page = login(admin).get(reverse("assessments:editor_version", args=[draft.pk])).content.decode()

    assert ">1. Utiliser un appareil <small>" in page and ">10. " not in page


def test_the_forms_refuse_a_zero_order_in_french(login, admin, questionnaire):
    client = login(admin)
    draft = editor.create_draft(admin)
    page = client.post(
        reverse("assessments:editor_area_add", args=[draft.pk]),
        {"code": "nouveau", "name_fr": "Nouveau", "order": "0", "crcn_codes": ["1.1"]},
    ).content.decode()
    assert "Assurez-vous que cette valeur est supérieure ou égale à 1." in page
    assert not draft.areas.filter(code="nouveau").exists()


def test_the_migration_renumbers_versions_counted_from_zero_keeping_their_order(db, admin):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("tremplin.assessments.migrations.0005_order_from_one")
    draft = editor.create_draft(admin)
    first = editor.save_area(admin, draft, code="un", names={"fr": "Un"}, crcn_codes=["1.1"], thematiques=[], order=1)
    second = editor.save_area(
        admin, draft, code="deux", names={"fr": "Deux"}, crcn_codes=["1.2"], thematiques=[], order=2
    )
    for order, text in enumerate(["A", "B"], start=1):
        editor.save_item(admin, draft, area=first, kind="self", texts={"fr": text}, order=order)
    Area.objects.filter(pk=first.pk).update(order=0)  # as the seed wrote them before
    Area.objects.filter(pk=second.pk).update(order=1)
    Item.objects.filter(area=first).update(order=F("order") - 1)

    migration.count_from_one(apps, None)

    assert list(draft.areas.values_list("code", "order")) == [("un", 1), ("deux", 2)]
    assert list(first.items.values_list("texts__fr", "order")) == [("A", 1), ("B", 2)]


def test_an_empty_draft_says_aucun_not_zero_in_the_plural(login, admin, db):
    draft = editor.create_draft(admin)  # nothing published: no area, no question, never used
    page = login(admin).get(reverse("assessments:editor_version", args=[draft.pk])).content.decode()
    assert "Aucun diagnostic fait avec cette version." in page and "Aucune question, aucun domaine." in page
    assert "0 diagnostic" not in page and "0 question" not in page and "0 domaine" not in page


# --- translations written from an older French text --------------------------------------------------------------


def test_a_translation_older_than_its_french_is_listed_before_publishing(admin, questionnaire):
    draft = editor.create_draft(admin)
    item = Item.objects.filter(area__questionnaire=draft, texts__fr="Savez-vous faire un appel vidéo ?").get()
    old = dict(item.texts)
    assert editor.guidance_warnings(draft) == []

    # Only the French changes: the English and Arabic were written for the old question.
    new_french = "Savez-vous faire un appel vidéo avec une application ?"
    editor.save_item(admin, draft, item, area=item.area, kind=item.kind, texts={**old, "fr": new_french}, order=1)
    assert editor.guidance_warnings(draft) == [
        f"Traduction à revoir (question « {new_french} ») : le français a changé depuis la version en anglais, arabe."
    ]
    assert editor.publication_problems(draft) == []  # a warning: a French typo fixed needs no new translation

    # The Arabic is rewritten with it: only the English is left to read again.
    texts = {**old, "fr": new_french, "ar": "هل تعرف كيف تجري مكالمة فيديو بتطبيق؟"}
    editor.save_item(admin, draft, item, area=item.area, kind=item.kind, texts=texts, order=1)
    assert editor.guidance_warnings(draft) == [
        f"Traduction à revoir (question « {new_french} ») : le français a changé depuis la version en anglais."
    ]

    # An area's name is checked the same way.
    area = draft.areas.get(code="securite")
    names = {**area.names, "fr": "Sécurité en ligne"}
    editor.save_area(
        admin, draft, area, code=area.code, names=names, crcn_codes=area.crcn_codes, thematiques=[], order=area.order
    )
    assert (
        "Traduction à revoir (domaine « Sécurité en ligne ») : "
        "le français a changé depuis la version en anglais, arabe." in editor.guidance_warnings(draft)
    )


def test_the_version_page_does_not_say_all_is_well_when_translations_are_out_of_date(login, admin, questionnaire):
    client = login(admin)
    client.post(reverse("assessments:editor_list"))
    draft = Questionnaire.objects.get(status="draft")
    item = Item.objects.filter(area__questionnaire=draft, texts__fr="Savez-vous faire un appel vidéo ?").get()
    data = {
        "area": str(item.area.pk),
        "kind": item.kind,
        "text_fr": "Savez-vous passer un appel vidéo ?",
        "text_en": item.texts["en"],
        "text_ar": item.texts["ar"],
        "order": str(item.order),
    }
    assert client.post(reverse("assessments:editor_item_edit", args=[item.pk]), data).status_code == 302
    page = client.get(reverse("assessments:editor_version", args=[draft.pk])).content.decode()
    assert "Rien ne bloque la publication." not in page
    assert "Traduction à revoir (question « Savez-vous passer un appel vidéo ? »)" in page
