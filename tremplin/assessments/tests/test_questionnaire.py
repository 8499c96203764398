"""The versioned questionnaire: the demo version, CRCN codes, languages, and freezing once published."""

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tremplin.assessments.models import Area, FrozenError, Item, Questionnaire, text_in
from tremplin.assessments.questionnaire_data import create_default_questionnaire

STANDARDS = Path("/work/shared/standards")


def test_the_demo_questionnaire_is_published_with_6_areas_and_12_to_20_items(questionnaire):
    assert questionnaire.status == "published"
    assert questionnaire.areas.count() == 6
    assert 12 <= Item.objects.filter(area__questionnaire=questionnaire).count() <= 20
    assert {item.kind for item in Item.objects.filter(area__questionnaire=questionnaire)} == {"observed", "self"}


def test_creating_the_demo_questionnaire_twice_keeps_one(questionnaire):
    assert create_default_questionnaire() == questionnaire
    assert Questionnaire.objects.count() == 1


def test_every_item_and_area_has_french_english_and_arabic_texts(questionnaire):
    for area in questionnaire.areas.all():
        assert set(area.names) == {"fr", "en", "ar"}
        for item in area.items.all():
            assert set(item.texts) == {"fr", "en", "ar"}


def test_demo_areas_map_to_codes_of_the_crcn_file_and_to_coop_thematiques(questionnaire):
    bundled = Path(__file__).parents[1] / "data" / "crcn-competences.csv"
    with bundled.open(encoding="utf-8") as handle:
        codes = {row["competence_code"] for row in csv.DictReader(handle)}
    thematiques_csv = Path(__file__).parents[2] / "workshops" / "data" / "thematiques.csv"
    with thematiques_csv.open(encoding="utf-8") as handle:
        thematiques = {row["db_value"] for row in csv.DictReader(handle)}
    for area in questionnaire.areas.all():
        assert area.crcn_codes and set(area.crcn_codes) <= codes
        assert area.thematiques and set(area.thematiques) <= thematiques


@pytest.mark.skipif(not STANDARDS.exists(), reason="the shared standards folder is not on this machine")
def test_the_bundled_crcn_file_is_the_national_one():
    bundled = Path(__file__).parents[1] / "data" / "crcn-competences.csv"
    national = STANDARDS / "competences-numeriques" / "crcn-competences.csv"
    assert bundled.read_bytes() == national.read_bytes()


def test_an_area_with_an_unknown_crcn_code_is_refused(db):
    draft = Questionnaire.objects.create(version=7, title="Brouillon")
    with pytest.raises(ValidationError):
        Area(questionnaire=draft, code="x", names={"fr": "X"}, crcn_codes=["9.9"]).save()
    with pytest.raises(ValidationError):
        Area(questionnaire=draft, code="x", names={"fr": "X"}, crcn_codes=[]).save()


def test_a_text_without_french_or_in_an_unknown_language_is_refused(db):
    draft = Questionnaire.objects.create(version=7, title="Brouillon")
    with pytest.raises(ValidationError):
        Area(questionnaire=draft, code="x", names={"en": "X"}, crcn_codes=["1.1"]).save()
    with pytest.raises(ValidationError):
        Area(questionnaire=draft, code="x", names={"fr": "X", "xx": "?"}, crcn_codes=["1.1"]).save()


def test_a_text_falls_back_to_french_when_the_language_is_missing():
    assert text_in({"fr": "Bonjour", "ar": "مرحبا"}, "ar") == "مرحبا"
    assert text_in({"fr": "Bonjour"}, "en") == "Bonjour"


def test_a_published_version_is_frozen(questionnaire):
    area = questionnaire.areas.first()
    item = area.items.first()
    with pytest.raises(FrozenError):
        questionnaire.title = "Autre"
        questionnaire.save()
    with pytest.raises(FrozenError):
        area.save()
    with pytest.raises(FrozenError):
        item.texts = {"fr": "Autre chose"}
        item.save()
    with pytest.raises(FrozenError):
        item.delete()
    with pytest.raises(FrozenError):
        Item(area=area, kind="self", texts={"fr": "Nouvelle"}).save()
    with pytest.raises(FrozenError):
        questionnaire.delete()


def test_an_empty_draft_cannot_be_published(db):
    draft = Questionnaire.objects.create(version=7, title="Brouillon")
    with pytest.raises(ValidationError):
        draft.publish()


def test_the_current_version_is_the_highest_published_one(questionnaire):
    Questionnaire.objects.create(version=2, title="Brouillon")
    assert Questionnaire.objects.current() == questionnaire
