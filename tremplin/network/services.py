"""Saving sites and partner organisations: one transaction each, database rules turned into French messages."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import Site


def save_site(actor, form):
    """Create or update a site from a valid SiteForm.

    The short code is unique (it is printed on asset tags and tickets): when two people save the same
    code at the same moment, the database refuses the second one and it gets a message on that field.
    """
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError as error:
        if Site.objects.filter(code=form.cleaned_data.get("code")).exclude(pk=form.instance.pk).exists():
            raise ValidationError({"code": _("Ce code court est déjà utilisé par un autre espace.")}) from error
        raise


def save_partner(actor, form):
    """Create or update a partner organisation from a valid PartnerOrganisationForm."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError as error:
        # Only the agreement-dates check can fail here, the form already checked everything else.
        message = _("La fin de la convention ne peut pas précéder son début.")
        raise ValidationError({"agreement_end": message}) from error


def set_opening_hours(actor, site, expression):
    """Save a site's opening hours (from the grid or the expert field); the expression is checked again here."""
    site.opening_hours = Site._meta.get_field("opening_hours").clean(expression, site)
    site.save(update_fields=["opening_hours"])
    return site
