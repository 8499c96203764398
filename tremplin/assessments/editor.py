"""Editing the diagnostic questionnaire (national team only): drafts, checks, publication.

Rules (also in docs/guide-diagnostic.md, « Modifier le questionnaire ») :
- a published version is frozen (models.py); editing means a draft, made by duplicating the published version
  (or, when nothing is published yet, an empty draft). One draft at a time, so two people never edit two
  competing next versions;
- publishing checks the draft and refuses it with one French sentence per problem (`publication_problems`);
- the guidance (5 to 6 areas, 12 to 20 questions, every scored area with a question the person can answer at the
  kiosk, translations written from an older French text…) only warns (`guidance_warnings`): a network may test a
  shorter version, a French typo fixed needs no new translation; the national team decides;
- publishing retires the version published before: it stays readable, and every diagnostic keeps the version it
  was taken with (Assessment.questionnaire is PROTECTed and never changes).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from tremplin.core.roles import Role
from tremplin.core.text import fill

from .crcn import competences
from .models import LANGUAGES, Area, Item, ItemKind, Questionnaire, QuestionnaireStatus

LANGUAGE_NAMES = {"en": gettext_lazy("Anglais"), "ar": gettext_lazy("Arabe")}  # in the staff's language
RECOMMENDED_AREAS = (5, 6)
RECOMMENDED_ITEMS = (12, 20)


def can_edit(user):
    return getattr(user, "is_authenticated", False) and user.has_role(Role.NETWORK_ADMIN)


def _require_editor(actor):
    if not can_edit(actor):
        raise PermissionDenied


def versions():
    """Every version, newest first, with the number of diagnostics taken on it."""
    return Questionnaire.objects.annotate(
        used=Count("assessments", distinct=True), item_count=Count("areas__items", distinct=True)
    ).order_by("-version")


def current_draft():
    return Questionnaire.objects.filter(status=QuestionnaireStatus.DRAFT).order_by("-version").first()


@transaction.atomic
def create_draft(actor):
    """A new draft: a copy of the published version (areas, items, texts, codes, order), or an empty one."""
    _require_editor(actor)
    # Serialise draft creation: lock the versions so two clicks never make two drafts.
    list(Questionnaire.objects.select_for_update().values_list("pk", flat=True))
    draft = current_draft()
    if draft is not None:
        raise ValidationError(
            _("Un brouillon existe déjà (version %(version)s) : modifiez-le ou publiez-le."),
            params={"version": draft.version},
        )
    source = Questionnaire.objects.current()
    number = (Questionnaire.objects.aggregate(top=Max("version"))["top"] or 0) + 1
    draft = Questionnaire.objects.create(
        version=number, title=source.title if source else _("Diagnostic numérique"), status=QuestionnaireStatus.DRAFT
    )
    if source is not None:
        for area in source.areas.prefetch_related("items"):
            copy = Area.objects.create(
                questionnaire=draft,
                code=area.code,
                order=area.order,
                names=dict(area.names),
                crcn_codes=list(area.crcn_codes),
                thematiques=list(area.thematiques),
                translated_from=dict(area.translated_from),
            )
            for item in area.items.all():
                Item.objects.create(
                    area=copy,
                    order=item.order,
                    kind=item.kind,
                    texts=dict(item.texts),
                    translated_from=dict(item.translated_from),
                )
    return draft


def _require_draft(actor, questionnaire):
    _require_editor(actor)
    if questionnaire.is_frozen:
        raise ValidationError(_("Une version publiée ne se modifie plus : créez un brouillon."))


def track_translations(old_texts, new_texts, marks):
    """What each translation was written from: {language: the French text at the time}.

    A translation typed or changed now is written from the French saved with it; one left as it was keeps its mark
    (a row saved before marks existed counts as translated from its French before this change); an emptied one
    loses it. A translation whose mark is not the French text any more is out of date (`outdated_languages`)."""
    marks = dict(marks or {})
    french = new_texts.get("fr", "")
    for code, _label in LANGUAGES:
        if code == "fr":
            continue
        if not new_texts.get(code):
            marks.pop(code, None)
        elif new_texts[code] != old_texts.get(code):
            marks[code] = french
        elif code not in marks:
            marks[code] = old_texts.get("fr", french)
    return marks


def outdated_languages(texts, marks):
    """The languages whose text was translated from another French text than today's."""
    return [
        code
        for code, _label in LANGUAGES
        if code != "fr" and texts.get(code) and (marks or {}).get(code, texts.get("fr")) != texts.get("fr")
    ]


def clean_texts(texts):
    """Drop empty translations: {"fr": "…", "en": ""} → {"fr": "…"}."""
    return {code: value.strip() for code, value in texts.items() if value and value.strip()}


def save_version(actor, questionnaire, *, title):
    _require_draft(actor, questionnaire)
    questionnaire.title = title.strip()
    questionnaire.full_clean()
    questionnaire.save()
    return questionnaire


def save_area(actor, questionnaire, area=None, *, code, names, crcn_codes, thematiques, order):
    """Create (area=None) or change an area of a draft; the model validates the texts and CRCN codes."""
    _require_draft(actor, questionnaire)
    if area is not None and area.questionnaire_id != questionnaire.pk:
        raise ValidationError(_("Ce domaine n'appartient pas à cette version."))
    if questionnaire.areas.filter(code=code).exclude(pk=getattr(area, "pk", None)).exists():
        raise ValidationError({"code": _("Un autre domaine de cette version a déjà ce code.")})
    area = area or Area(questionnaire=questionnaire)
    names = clean_texts(names)
    area.translated_from = track_translations(area.names or {}, names, area.translated_from)
    area.code, area.names, area.order = code, names, order
    area.crcn_codes, area.thematiques = list(crcn_codes), list(thematiques)
    area.save()  # full_clean inside
    return area


def save_item(actor, questionnaire, item=None, *, area, kind, texts, order):
    _require_draft(actor, questionnaire)
    if area.questionnaire_id != questionnaire.pk or (
        item is not None and item.area.questionnaire_id != questionnaire.pk
    ):
        raise ValidationError(_("Ce domaine n'appartient pas à cette version."))
    item = item or Item()
    texts = clean_texts(texts)
    item.translated_from = track_translations(item.texts or {}, texts, item.translated_from)
    item.area, item.kind, item.texts, item.order = area, kind, texts, order
    item.save()  # full_clean inside
    return item


def delete_area(actor, area):
    _require_draft(actor, area.questionnaire)
    area.items.all().delete()
    area.delete()


def delete_item(actor, item):
    _require_draft(actor, item.area.questionnaire)
    item.delete()


def delete_draft(actor, questionnaire):
    _require_draft(actor, questionnaire)
    Item.objects.filter(area__questionnaire=questionnaire).delete()
    questionnaire.areas.all().delete()
    questionnaire.delete()


def _name(area):
    return area.names.get("fr") or area.code


def publication_problems(questionnaire):
    """What stops this version from being published, one French sentence each ([] when it can be)."""
    problems = []
    if not questionnaire.title.strip():
        problems.append(_("La version n'a pas de titre."))
    areas = list(questionnaire.areas.prefetch_related("items"))
    if not areas:
        problems.append(_("La version n'a aucun domaine."))
    known = competences()
    for area in areas:
        items = list(area.items.all())
        if not str(area.names.get("fr", "")).strip():
            problems.append(fill(_("Le domaine « %(code)s » n'a pas de nom en français."), code=area.code))
        if not area.crcn_codes:
            problems.append(fill(_("Le domaine « %(name)s » n'indique aucune compétence du CRCN."), name=_name(area)))
        unknown = [code for code in area.crcn_codes if code not in known]
        if unknown:
            problems.append(
                fill(
                    _("Le domaine « %(name)s » cite une compétence CRCN inconnue : %(codes)s."),
                    name=_name(area),
                    codes=", ".join(map(str, unknown)),
                )
            )
        if not items:
            problems.append(fill(_("Le domaine « %(name)s » n'a aucune question."), name=_name(area)))
        elif all(item.kind == ItemKind.CONTEXT for item in items):
            problems.append(
                fill(
                    _(
                        "Le domaine « %(name)s » n'a que des questions de contexte : "
                        "ajoutez une mise en situation ou une auto-évaluation (sinon il n'a jamais de niveau)."
                    ),
                    name=_name(area),
                )
            )
        for position, item in enumerate(items, start=1):
            if not str(item.texts.get("fr", "")).strip():
                problems.append(
                    fill(
                        _("La question %(position)s du domaine « %(name)s » n'a pas de texte en français."),
                        position=position,
                        name=_name(area),
                    )
                )
            if item.kind not in ItemKind.values:
                problems.append(
                    fill(
                        _("La question %(position)s du domaine « %(name)s » n'a pas de type connu."),
                        position=position,
                        name=_name(area),
                    )
                )
    return problems


def guidance_warnings(questionnaire):
    """Advice that does not stop publication (the national team decides): size, kiosk, translations."""
    warnings = []
    areas = list(questionnaire.areas.prefetch_related("items"))
    items = [item for area in areas for item in area.items.all()]
    low, high = RECOMMENDED_AREAS
    if areas and not low <= len(areas) <= high:
        warnings.append(
            ngettext(
                "%(count)s domaine : nous conseillons 5 à 6 domaines.",
                "%(count)s domaines : nous conseillons 5 à 6 domaines.",
                len(areas),
            )
            % {"count": len(areas)}
        )
    low, high = RECOMMENDED_ITEMS
    if items and not low <= len(items) <= high:
        warnings.append(
            ngettext(
                "%(count)s question : nous conseillons 12 à 20 questions (10 à 15 minutes).",
                "%(count)s questions : nous conseillons 12 à 20 questions (10 à 15 minutes).",
                len(items),
            )
            % {"count": len(items)}
        )
    for area in areas:
        if area.items.all() and not any(item.kind == ItemKind.SELF for item in area.items.all()):
            warnings.append(
                fill(
                    _(
                        "Le domaine « %(name)s » n'a pas de question d'auto-évaluation : "
                        "au kiosque, la personne seule ne le renseigne pas."
                    ),
                    name=_name(area),
                )
            )
    for code, label in ((code, LANGUAGE_NAMES[code]) for code, _name in LANGUAGES if code != "fr"):
        missing = sum(1 for area in areas if not area.names.get(code)) + sum(1 for i in items if not i.texts.get(code))
        if missing and missing < len(areas) + len(items):
            warnings.append(
                ngettext(
                    "%(language)s : %(count)s texte manque ; les textes manquants s'affichent en français.",
                    "%(language)s : %(count)s textes manquent ; les textes manquants s'affichent en français.",
                    missing,
                )
                % {"language": label, "count": missing}
            )
    warnings += outdated_translation_warnings(areas, items)
    return warnings


def outdated_translation_warnings(areas, items):
    """One sentence per area name or question whose French changed after its translation was written."""
    rows = [(_("domaine"), _name(area), outdated_languages(area.names, area.translated_from)) for area in areas]
    rows += [
        (_("question"), item.texts.get("fr", ""), outdated_languages(item.texts, item.translated_from))
        for item in items
    ]
    sentence = _(
        "Traduction à revoir (%(kind)s « %(text)s ») : le français a changé depuis la version en %(languages)s."
    )
    return [
        fill(sentence, kind=kind, text=text, languages=", ".join(str(LANGUAGE_NAMES[code]).lower() for code in codes))
        for kind, text, codes in rows
        if codes
    ]


@transaction.atomic
def publish(actor, questionnaire):
    """Publish a checked draft; the version published before is retired (it stays readable)."""
    _require_editor(actor)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.is_frozen:
        raise ValidationError(_("Cette version est déjà publiée."))
    problems = publication_problems(questionnaire)
    if problems:
        raise ValidationError(problems)
    Questionnaire.objects.published().exclude(pk=questionnaire.pk).update(status=QuestionnaireStatus.RETIRED)
    questionnaire.publish()
    return questionnaire


def languages_with_texts(questionnaire, kinds=None):
    """The languages in which every area name and every item (of these kinds) has its own text."""
    areas = list(questionnaire.areas.prefetch_related("items"))
    result = []
    for code, label in LANGUAGES:
        complete = all(area.names.get(code) for area in areas) and all(
            item.texts.get(code) for area in areas for item in area.items.all() if kinds is None or item.kind in kinds
        )
        if code == "fr" or complete:
            result.append((code, label))
    return result
