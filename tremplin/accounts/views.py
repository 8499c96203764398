from allauth.usersessions.models import UserSession
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tremplin.core.confirm import ask_confirmation, is_confirmed
from tremplin.core.pagination import paginate
from tremplin.core.permissions import role_required
from tremplin.core.roles import Role
from tremplin.core.text import fill

from . import services
from .forms import AcceptInvitationForm, InvitationForm, MembershipForm
from .models import Invitation, Membership, User

MANAGERS = (Role.NETWORK_ADMIN, Role.SITE_MANAGER)


def _apply_errors(form, error):
    """Show a service's ValidationError next to the right fields."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def profile(request):
    memberships = request.user.active_memberships
    return render(request, "accounts/profile.html", {"memberships": memberships})


@role_required(*MANAGERS)
def user_list(request):
    users = (
        User.objects.visible_to(request.user)
        .prefetch_related("memberships__site", "memberships__partner")
        .order_by("full_name", "email")
    )
    page = paginate(users, request.GET.get("page"))
    invitations = (
        Invitation.objects.visible_to(request.user)
        .pending()
        .select_related("site", "partner")
        .order_by("-created_at")[:50]
    )
    return render(request, "accounts/user_list.html", {"page": page, "invitations": invitations})


@role_required(*MANAGERS)
def invite(request):
    form = InvitationForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.invite_user(
                request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=form.cleaned_data["role"],
                site=form.cleaned_data["site"],
                partner=form.cleaned_data["partner"],
                request=request,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Invitation envoyée. Le lien est valable une seule fois."))
            return redirect("accounts:user_list")
    return render(request, "accounts/invite.html", {"form": form})


@role_required(*MANAGERS)
@require_POST
def revoke_invitation(request, pk):
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user).pending(), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=_("Annuler l'invitation envoyée à %(email)s ?") % {"email": invitation.email},
            consequences=[_("Le lien reçu par e-mail ne fonctionnera plus ; il faudra inviter de nouveau.")],
            confirm_label=_("Annuler l'invitation"),
            cancel_url=reverse("accounts:user_list"),
        )
    services.revoke_invitation(request.user, invitation)
    messages.success(request, _("Invitation annulée."))
    return redirect("accounts:user_list")


@login_not_required
def accept_invitation(request, token):
    try:
        invitation = services.find_usable_invitation(token)
    except ValidationError as error:
        return render(request, "accounts/invitation_invalid.html", {"error": error.messages[0]}, status=410)
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email, initial={"full_name": invitation.full_name}
    )
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                token, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except ValidationError as error:
            return render(request, "accounts/invitation_invalid.html", {"error": error.messages[0]}, status=410)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        # Track this session like allauth's own logins, so deactivation can end it (services.end_all_sessions).
        UserSession.objects.create_from_request(request)
        messages.success(request, _("Bienvenue ! Votre compte est prêt."))
        return redirect("core:home")
    return render(request, "accounts/accept_invitation.html", {"form": form, "invitation": invitation})


@role_required(*MANAGERS)
def user_detail(request, uuid):
    member = get_object_or_404(User.objects.visible_to(request.user), uuid=uuid)
    return render(
        request, "accounts/user_detail.html", _detail_context(request, member, MembershipForm(actor=request.user))
    )


def _detail_context(request, member, form):
    return {
        "member": member,
        "memberships": Membership.objects.visible_to(request.user)
        .filter(user=member)
        .select_related("site", "partner"),
        "form": form,
        "can_deactivate": services.can_deactivate(request.user, member),
    }


@role_required(*MANAGERS)
@require_POST
def membership_add(request, uuid):
    member = get_object_or_404(User.objects.visible_to(request.user), uuid=uuid)
    form = MembershipForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.add_membership(
                request.user,
                member,
                role=form.cleaned_data["role"],
                site=form.cleaned_data["site"],
                partner=form.cleaned_data["partner"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Rôle ajouté."))
            return redirect("accounts:user_detail", uuid=member.uuid)
    return render(request, "accounts/user_detail.html", _detail_context(request, member, form), status=400)


@role_required(*MANAGERS)
@require_POST
def membership_end(request, pk):
    membership = get_object_or_404(Membership.objects.visible_to(request.user).active(), pk=pk)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=_("Retirer ce rôle à %(name)s ?") % {"name": membership.user},
            summary=str(membership),
            consequences=[_("Le rôle prend fin tout de suite ; pour le rendre, il faudra l'ajouter de nouveau.")],
            confirm_label=_("Retirer le rôle"),
            cancel_url=reverse("accounts:user_detail", args=[membership.user.uuid]),
        )
    try:
        services.end_membership(request.user, membership)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Rôle retiré."))
    return redirect("accounts:user_detail", uuid=membership.user.uuid)


@role_required(*MANAGERS)
@require_POST
def deactivate(request, uuid):
    member = get_object_or_404(User.objects.visible_to(request.user), uuid=uuid)
    if not is_confirmed(request):
        return ask_confirmation(
            request,
            title=fill(_("Désactiver le compte de %(name)s ?"), name=member),
            consequences=[
                _("La personne ne peut plus se connecter et ses sessions ouvertes sont fermées tout de suite."),
                _("Le compte pourra être réactivé."),
            ],
            confirm_label=_("Désactiver le compte"),
            cancel_url=reverse("accounts:user_detail", args=[member.uuid]),
        )
    try:
        services.deactivate_user(request.user, member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Compte désactivé : ses sessions ouvertes sont fermées."))
    return redirect("accounts:user_detail", uuid=member.uuid)


@role_required(*MANAGERS)
@require_POST
def reactivate(request, uuid):
    member = get_object_or_404(User.objects.visible_to(request.user), uuid=uuid)
    try:
        services.reactivate_user(request.user, member)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Compte réactivé."))
    return redirect("accounts:user_detail", uuid=member.uuid)
