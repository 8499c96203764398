"""Settings of the till: rights rules and network settings (national team), registers (and site managers)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.editing import save_or_render
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from ..forms_admin import QuotaRuleForm, RegisterForm, TillSettingsForm, rule_description, rule_sentences
from ..models import QuotaRule, Register, TillSettings
from ..services import admin

ADMIN_ROLES = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


def managed_registers(user):
    """Registers the user may set up: all for the national team, their sites' for a site manager."""
    registers = Register.objects.select_related("site")
    if user.is_network_admin:
        return registers
    return registers.filter(site_id__in=user.site_ids(Role.SITE_MANAGER))


@role_required(*ADMIN_ROLES)
def admin_index(request):
    return render(request, "till/admin/index.html", {"network_admin": request.user.is_network_admin})


@role_required(Role.NETWORK_ADMIN)
def rule_list(request):
    rules = QuotaRule.objects.order_by("-is_active", "name")
    rows = [(rule, rule_description(rule), rule_sentences(rule)) for rule in rules]
    return render(request, "till/admin/rule_list.html", {"rows": rows})


@role_required(Role.NETWORK_ADMIN)
def rule_edit(request, pk=None):
    rule = get_object_or_404(QuotaRule, pk=pk) if pk else None
    form = QuotaRuleForm(request.POST or None, instance=rule)
    context = {"rule": rule}
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            preview = form.save(commit=False)
            context["preview"] = (rule_description(preview), rule_sentences(preview))
        return render(request, "till/admin/rule_form.html", {"form": form, **context})
    return save_or_render(
        request,
        form,
        template="till/admin/rule_form.html",
        context=context,
        success_message=_("Règle de droits enregistrée."),
        success_url="till:rule_list",
        save=lambda form: admin.save_rule(request.user, form),
    )


@role_required(Role.NETWORK_ADMIN)
@require_POST
def rule_toggle(request, pk):
    rule = get_object_or_404(QuotaRule, pk=pk)
    active = request.POST.get("active") == "1"
    admin.set_rule_active(request.user, rule, active)
    if active:
        messages.success(request, fill(_("La règle « %(name)s » est en vigueur."), name=rule.name))
    else:
        messages.success(request, fill(_("La règle « %(name)s » n'est plus appliquée."), name=rule.name))
    return redirect("till:rule_list")


def _settings_for(request):
    """The settings row; a GET reads it without creating it (no page writes on GET)."""
    if request.method == "POST":
        return TillSettings.current()
    return TillSettings.objects.filter(pk=1).first() or TillSettings(pk=1)


@role_required(Role.NETWORK_ADMIN)
def settings_edit(request):
    return save_or_render(
        request,
        TillSettingsForm(request.POST or None, instance=_settings_for(request)),
        template="till/admin/settings_form.html",
        success_message=_("Paramètres de caisse enregistrés."),
        success_url="till:settings",
        save=lambda form: admin.save_settings(request.user, form),
    )


@role_required(*ADMIN_ROLES)
def register_list(request):
    registers = managed_registers(request.user).order_by("site__name", "code")
    return render(request, "till/admin/register_list.html", {"registers": registers})


@role_required(*ADMIN_ROLES)
def register_edit(request, pk=None):
    register = get_object_or_404(managed_registers(request.user), pk=pk) if pk else None
    form = RegisterForm(request.POST or None, instance=register, user=request.user)
    if register is None and not form.fields["site"].queryset.exists():
        raise Http404
    return save_or_render(
        request,
        form,
        template="till/admin/register_form.html",
        context={"register": register},
        success_message=_("Caisse enregistrée."),
        success_url="till:register_list",
        save=lambda form: admin.save_register(request.user, form),
    )
