"""The information notice: the national team writes and publishes versions; every staff member prints them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.navigation import ALL_STAFF
from tremplin.core.pdf import Document, pdf_response
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import RTL_LANGUAGES

from .forms import InformationNoticeForm
from .models.notice import InformationNotice
from .services import notice as notice_services


def _readable(request, version):
    """A published version for any staff member; a draft only for the national team."""
    notice = get_object_or_404(InformationNotice, version=version)
    if not notice.is_published and not request.user.has_role(Role.NETWORK_ADMIN):
        raise Http404
    return notice


def _language(request, notice):
    wanted = request.GET.get("langue", "fr")
    codes = [code for code, _name in notice.available_languages()]
    return wanted if wanted in codes else "fr"


@role_required(Role.NETWORK_ADMIN)
def notice_list(request):
    notices = InformationNotice.objects.order_by("-version")
    return render(
        request,
        "people/notice_list.html",
        {"notices": notices, "draft": notice_services.current_draft(), "current": notices.model.objects.current()},
    )


@require_POST
@role_required(Role.NETWORK_ADMIN)
def notice_create(request):
    draft = notice_services.start_draft(request.user)
    return redirect("people:notice_edit", version=draft.version)


@role_required(Role.NETWORK_ADMIN)
def notice_edit(request, version):
    notice = get_object_or_404(InformationNotice, version=version)
    if notice.is_published:
        messages.info(request, _("Une version publiée ne se modifie plus : créez une nouvelle version."))
        return redirect("people:notice_detail", version=notice.version)
    form = InformationNoticeForm(request.POST or None, instance=notice)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.edited_by = request.user
        saved.save()
        messages.success(request, _("Brouillon enregistré."))
        return redirect("people:notice_detail", version=notice.version)
    return render(request, "people/notice_form.html", {"form": form, "notice": notice})


@require_POST
@role_required(Role.NETWORK_ADMIN)
def notice_publish(request, version):
    notice = get_object_or_404(InformationNotice, version=version, published_at__isnull=True)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=_("Publier la version %(version)s de la notice ?") % {"version": notice.version},
            consequences=[
                _("Elle devient la version remise aux personnes dans tous les espaces."),
                _("Elle ne pourra plus être modifiée : une correction se fera dans une nouvelle version."),
            ],
            confirm_label=_("Publier"),
            cancel_url=reverse("people:notice_detail", args=[notice.version]),
            danger=False,
        )
    try:
        notice_services.publish(request.user, notice)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Version publiée."))
    return redirect("people:notice_detail", version=notice.version)


@role_required(*ALL_STAFF)
def notice_detail(request, version):
    """The text as printed (print style hides the menu), in the chosen language."""
    notice = _readable(request, version)
    language = _language(request, notice)
    return render(
        request,
        "people/notice_detail.html",
        {
            "notice": notice,
            "language": language,
            "text": notice.text_in(language),
            "languages": notice.available_languages(),
            "lang_attr": "fr" if language == "falc" else language,
            "rtl": language in RTL_LANGUAGES,
        },
    )


@role_required(*ALL_STAFF)
def notice_current(request):
    """The version in force, for reception (« Imprimer la notice »)."""
    notice = InformationNotice.objects.current()
    if notice is None:
        raise Http404
    return redirect("people:notice_detail", version=notice.version)


@role_required(*ALL_STAFF)
def notice_pdf(request, version):
    notice = _readable(request, version)
    language = _language(request, notice)
    return pdf_response(notice_document(notice, language), f"notice-v{notice.version}-{language}.pdf")


def notice_document(notice, language):
    """The notice in one language as a PDF: heading and text in that language; a right-to-left language is shaped
    (joined letters), laid out right to left by the bidi algorithm and right-aligned, as the page shows it."""
    falc = language == "falc"
    rtl = language in RTL_LANGUAGES
    heading = notice.heading_in(language)
    document = Document(title=heading)
    document.set_lang("fr" if falc else language)
    if rtl:
        document.set_text_shaping(use_shaping_engine=True, direction="rtl")
    align = "R" if rtl else "L"
    document.add_page()
    document.set_font("dejavu", "B", 10)
    document.multi_cell(0, 6, heading, align=align, new_x="LMARGIN", new_y="NEXT")
    document.set_font("dejavu", size=12 if falc else 11)
    document.multi_cell(0, 7 if falc else 6, notice.text_in(language), align=align)
    return document
