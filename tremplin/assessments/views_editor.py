"""The questionnaire editor of the national team: versions, drafts, areas, items, preview, publication.

Only the national team (network_admin) reaches these pages; everyone else gets a 404 (role_required).
The rules live in editor.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from . import editor
from .forms_editor import AreaForm, ItemForm, VersionForm
from .models import LANGUAGES, Area, Item, ItemKind, Questionnaire, answers_for, text_in
from .phrases import answer_text

ADMIN = Role.NETWORK_ADMIN


def _version(pk):
    return get_object_or_404(Questionnaire, pk=pk)


def _draft_or_redirect(request, questionnaire):
    if questionnaire.is_frozen:
        messages.error(request, _("Une version publiée ne se modifie plus : créez un brouillon."))
        return redirect("assessments:editor_version", pk=questionnaire.pk)
    return None


def _errors(error):
    return getattr(error, "messages", None) or [str(error)]


@role_required(ADMIN)
def version_list(request):
    if request.method == "POST":
        try:
            draft = editor.create_draft(request.user)
        except ValidationError as error:
            messages.error(request, " ".join(_errors(error)))
            return redirect("assessments:editor_list")
        messages.success(request, _("Brouillon créé : version %(version)s.") % {"version": draft.version})
        return redirect("assessments:editor_version", pk=draft.pk)
    return render(
        request,
        "assessments/editor/list.html",
        {"versions": editor.versions(), "draft": editor.current_draft()},
    )


@role_required(ADMIN)
def version_detail(request, pk):
    questionnaire = _version(pk)
    areas = list(questionnaire.areas.prefetch_related("items"))
    return render(
        request,
        "assessments/editor/version.html",
        {
            "questionnaire": questionnaire,
            "areas": areas,
            "item_count": sum(len(area.items.all()) for area in areas),
            "used": questionnaire.assessments.count(),
            "problems": [] if questionnaire.is_frozen else editor.publication_problems(questionnaire),
            "warnings": [] if questionnaire.is_frozen else editor.guidance_warnings(questionnaire),
        },
    )


@role_required(ADMIN)
def version_edit(request, pk):
    questionnaire = _version(pk)
    if frozen := _draft_or_redirect(request, questionnaire):
        return frozen
    form = VersionForm(request.POST or None, initial={"title": questionnaire.title})
    if request.method == "POST" and form.is_valid():
        try:
            editor.save_version(request.user, questionnaire, title=form.cleaned_data["title"])
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Titre enregistré."))
            return redirect("assessments:editor_version", pk=questionnaire.pk)
    return render(
        request,
        "assessments/editor/form.html",
        {"questionnaire": questionnaire, "form": form, "title": _("Titre de la version")},
    )


@role_required(ADMIN)
def area_form(request, pk=None, area_pk=None):
    area = get_object_or_404(Area.objects.select_related("questionnaire"), pk=area_pk) if area_pk else None
    questionnaire = area.questionnaire if area else _version(pk)
    if frozen := _draft_or_redirect(request, questionnaire):
        return frozen
    if area:
        initial = AreaForm.initial_for(area)
    else:
        initial = {"order": (max((a.order for a in questionnaire.areas.all()), default=0) + 1)}
    form = AreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editor.save_area(request.user, questionnaire, area, **form.values())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Domaine enregistré."))
            return redirect("assessments:editor_version", pk=questionnaire.pk)
    title = _("Modifier le domaine") if area else _("Ajouter un domaine")
    return render(
        request, "assessments/editor/form.html", {"questionnaire": questionnaire, "form": form, "title": title}
    )


@role_required(ADMIN)
def item_form(request, pk=None, item_pk=None):
    item = get_object_or_404(Item.objects.select_related("area__questionnaire"), pk=item_pk) if item_pk else None
    questionnaire = item.area.questionnaire if item else _version(pk)
    if frozen := _draft_or_redirect(request, questionnaire):
        return frozen
    areas = list(questionnaire.areas.all())
    if not areas:
        messages.error(request, _("Ajoutez d'abord un domaine."))
        return redirect("assessments:editor_version", pk=questionnaire.pk)
    if item:
        initial = ItemForm.initial_for(item)
    else:
        wanted = request.GET.get("domaine", "")
        area = next((a for a in areas if str(a.pk) == wanted), areas[0])
        initial = {"area": area.pk, "kind": ItemKind.SELF, "order": area.items.count() + 1}
    form = ItemForm(request.POST or None, areas=areas, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            editor.save_item(request.user, questionnaire, item, **form.values())
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Question enregistrée."))
            return redirect("assessments:editor_version", pk=questionnaire.pk)
    title = _("Modifier la question") if item else _("Ajouter une question")
    return render(
        request, "assessments/editor/form.html", {"questionnaire": questionnaire, "form": form, "title": title}
    )


def _delete(request, questionnaire, *, what, action, title):
    if request.method != "POST":
        return redirect("assessments:editor_version", pk=questionnaire.pk)
    if frozen := _draft_or_redirect(request, questionnaire):
        return frozen
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=title,
            consequences=[what],
            confirm_label=_("Supprimer"),
            cancel_url=reverse("assessments:editor_version", args=[questionnaire.pk]),
        )
    action()
    messages.success(request, _("Supprimé."))
    return None


@role_required(ADMIN)
def area_delete(request, pk, area_pk):
    questionnaire = _version(pk)
    area = get_object_or_404(Area, pk=area_pk, questionnaire=questionnaire)
    answer = _delete(
        request,
        questionnaire,
        what=fill(
            _("Le domaine « %(name)s » et ses questions sont retirés de ce brouillon."),
            name=area.names.get("fr", area.code),
        ),
        action=lambda: editor.delete_area(request.user, area),
        title=_("Supprimer le domaine ?"),
    )
    return answer or redirect("assessments:editor_version", pk=questionnaire.pk)


@role_required(ADMIN)
def item_delete(request, pk, item_pk):
    questionnaire = _version(pk)
    item = get_object_or_404(Item, pk=item_pk, area__questionnaire=questionnaire)
    answer = _delete(
        request,
        questionnaire,
        what=fill(_("La question « %(text)s » est retirée de ce brouillon."), text=item.texts.get("fr", "")),
        action=lambda: editor.delete_item(request.user, item),
        title=_("Supprimer la question ?"),
    )
    return answer or redirect("assessments:editor_version", pk=questionnaire.pk)


@role_required(ADMIN)
def draft_delete(request, pk):
    questionnaire = _version(pk)
    answer = _delete(
        request,
        questionnaire,
        what=_("Le brouillon (version %(version)s) est supprimé ; les versions publiées ne changent pas.")
        % {"version": questionnaire.version},
        action=lambda: editor.delete_draft(request.user, questionnaire),
        title=_("Supprimer le brouillon ?"),
    )
    return answer or redirect("assessments:editor_list")


@role_required(ADMIN)
def publish(request, pk):
    questionnaire = _version(pk)
    if request.method != "POST":
        return redirect("assessments:editor_version", pk=questionnaire.pk)
    if frozen := _draft_or_redirect(request, questionnaire):
        return frozen
    problems = editor.publication_problems(questionnaire)
    if problems:
        messages.error(request, _("Cette version ne peut pas être publiée : corrigez les points signalés."))
        return redirect("assessments:editor_version", pk=questionnaire.pk)
    if not is_confirmed(request):
        current = Questionnaire.objects.current()
        consequences = [_("Cette version ne pourra plus être modifiée ; les nouveaux diagnostics l'utiliseront.")]
        if current:
            consequences.append(
                _("La version %(version)s est retirée : elle reste lisible et ses diagnostics la gardent.")
                % {"version": current.version}
            )
        return ask_confirmation(
            request,
            title=_("Publier la version %(version)s ?") % {"version": questionnaire.version},
            consequences=consequences + editor.guidance_warnings(questionnaire),
            confirm_label=_("Publier"),
            cancel_url=reverse("assessments:editor_version", args=[questionnaire.pk]),
            danger=False,
        )
    try:
        editor.publish(request.user, questionnaire)
    except ValidationError as error:
        messages.error(request, " ".join(_errors(error)))
    else:
        messages.success(request, _("Version %(version)s publiée.") % {"version": questionnaire.version})
    return redirect("assessments:editor_version", pk=questionnaire.pk)


@role_required(ADMIN)
def preview(request, pk):
    """The questions as they will be asked, in one language (texts missing in it fall back to French)."""
    questionnaire = _version(pk)
    codes = [code for code, _label in LANGUAGES]
    language = request.GET.get("langue", "fr")
    if language not in codes:
        language = "fr"
    areas = [
        (
            text_in(area.names, language),
            [
                # The choices as the person reads them (phrases.ANSWERS), as on the kiosk and the mediator's pages.
                (
                    item,
                    text_in(item.texts, language),
                    [answer_text(value, language) for value in answers_for(item.kind)],
                )
                for item in area.items.all()
            ],
        )
        for area in questionnaire.areas.prefetch_related("items")
    ]
    return render(
        request,
        "assessments/editor/preview.html",
        {
            "questionnaire": questionnaire,
            "areas": areas,
            "language": language,
            "languages": LANGUAGES,
            "direction": "rtl" if language == "ar" else "ltr",
        },
    )
