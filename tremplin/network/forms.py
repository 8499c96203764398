from django import forms
from django.utils.translation import gettext_lazy as _

from tremplin.core.formfields import DateField, DateInput, FreeTextLimitsMixin, compact_identifier
from tremplin.core.phones import FrenchPhoneField

from . import communes
from .models import PartnerOrganisation, Site
from .reference import SITE_SERVICES, partner_typologies
from .timezones import TIME_ZONE_CHOICES, time_zone_for_postal_code
from .validators import validate_postal_code


def french_phone_field(label):
    """Landlines and mobiles, metropolitan or overseas ("02 62 12 34 56" is a Réunion landline)."""
    return FrenchPhoneField(label=label, help_text=_("Par exemple 04 72 00 00 00, ou 02 62 12 34 56 outre-mer."))


class GroupedFieldsMixin:
    """Lets core/includes/form_fields.html render the form in titled groups (`fieldsets`)."""

    fieldsets = ()

    def grouped_fields(self):
        placed, groups = set(), []
        for legend, names in self.fieldsets:
            fields = [self[name] for name in names if name in self.fields]
            placed.update(names)
            groups.append((legend, fields))
        rest = [field for field in self.visible_fields() if field.name not in placed]
        if rest:
            groups.append((_("Autres informations"), rest))
        return groups


class AddressCheckMixin:
    """Postal code and commune must belong together (official La Poste / INSEE table).

    The commune is stored under its official name ("havre" -> "Le Havre"). Forms for an organisation's
    address set `accepts_cedex`: "69401 Lyon Cedex 03" is then accepted (see communes.match_cedex); a
    person's home address always has a real postal code.
    """

    accepts_cedex = False

    def clean_postal_code(self):
        postal_code = compact_identifier(self.cleaned_data["postal_code"])
        validate_postal_code(postal_code)  # format first: "6900" is a typo, not an unknown code
        return postal_code

    def clean_address_fields(self, cleaned):
        postal_code, commune = cleaned.get("postal_code"), cleaned.get("commune")
        if not postal_code or not commune:
            return None
        cedex = self.accepts_cedex and communes.split_cedex(commune) is not None
        if cedex:
            match = communes.match_cedex(postal_code, commune)
            if match is None:
                self.add_error(
                    "commune",
                    _(
                        "Cette commune n'est pas dans le département du code Cedex %(code)s. Écrivez la commune "
                        "suivie de la mention Cedex, par exemple « Lyon Cedex 03 »."
                    )
                    % {"code": postal_code},
                )
        elif not communes.is_known_postal_code(postal_code):
            message = _("Ce code postal n'existe pas.")
            if self.accepts_cedex:
                message = _(
                    "Ce code postal n'existe pas. S'il s'agit d'un code Cedex, ajoutez la mention Cedex après la "
                    "commune (par exemple « Lyon Cedex 03 »)."
                )
            self.add_error("postal_code", message)
            return None
        else:
            match = communes.match_commune(postal_code, commune)
            if match is None:
                names = ", ".join(name for _code, name in communes.communes_for_postal_code(postal_code)[:6])
                self.add_error(
                    "commune",
                    _("Cette commune ne correspond pas au code postal %(code)s (communes possibles : %(names)s).")
                    % {"code": postal_code, "names": names},
                )
        if match is not None:
            cleaned["commune"] = match[1]
        return match


class SiteForm(FreeTextLimitsMixin, GroupedFieldsMixin, AddressCheckMixin, forms.ModelForm):
    phone = french_phone_field(_("Téléphone"))
    services = forms.MultipleChoiceField(
        label=_("Services proposés"),
        choices=SITE_SERVICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Liste nationale des lieux de médiation numérique."),
    )

    class Meta:
        model = Site
        fields = [
            "name",
            "code",
            "address",
            "postal_code",
            "commune",
            "insee_code",
            "latitude",
            "longitude",
            "phone",
            "email",
            "siret",
            "rna",
            "opening_hours",
            "services",
            "accessibility_notes",
            "directions",
            "accepts_walk_ins",
            "accepts_self_referrals",
            "is_active",
            "time_zone",
        ]
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
            "directions": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"insee_code": _("Laissé vide, il est déduit du code postal et de la commune.")}
        error_messages = {"code": {"unique": _("Ce code court est déjà utilisé par un autre espace.")}}

    fieldsets = (
        (_("Identité"), ["name", "code", "siret", "rna", "is_active"]),
        (_("Adresse"), ["address", "postal_code", "commune", "insee_code", "latitude", "longitude", "directions"]),
        (_("Contact"), ["phone", "email"]),
        (
            _("Accueil du public"),
            ["opening_hours", "time_zone", "accepts_walk_ins", "accepts_self_referrals", "accessibility_notes"],
        ),
        (_("Services"), ["services"]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["insee_code"].required = False
        self.fields["time_zone"].choices = [("", _("Selon le code postal")), *TIME_ZONE_CHOICES]
        if self.instance.pk:
            self.fields["code"].help_text = _(
                "Déjà utilisé sur les étiquettes de matériel et les tickets de cet espace : ne le changez qu'en cas "
                "d'erreur."
            )

    def _coordinate(self, name, limit, message):
        value = self.cleaned_data.get(name)
        if value is not None and not -limit <= value <= limit:
            raise forms.ValidationError(message)
        return value

    def clean_latitude(self):
        return self._coordinate(
            "latitude", 90, _("La latitude est comprise entre -90 et 90 degrés (par exemple 45.7519 pour Lyon).")
        )

    def clean_longitude(self):
        return self._coordinate(
            "longitude", 180, _("La longitude est comprise entre -180 et 180 degrés (par exemple 4.8421 pour Lyon).")
        )

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def _follow_postal_code_zone(self, cleaned):
        """A site moved to another département keeps the zone it had chosen only if it was not the default."""
        moved = "postal_code" in self.changed_data and "time_zone" not in self.changed_data and self.instance.pk
        if moved and cleaned.get("time_zone") == time_zone_for_postal_code(self.initial.get("postal_code")):
            cleaned["time_zone"] = ""

    def clean(self):
        cleaned = super().clean()
        self._follow_postal_code_zone(cleaned)
        match = self.clean_address_fields(cleaned)
        if match:
            insee_code, _name = match
            given = cleaned.get("insee_code")
            if not given:
                cleaned["insee_code"] = insee_code
                self.instance.insee_code = insee_code
            elif given != insee_code and not self.has_error("insee_code"):
                self.add_error(
                    "insee_code", _("Ce code INSEE n'est pas celui de la commune (%(code)s).") % {"code": insee_code}
                )
        elif not cleaned.get("insee_code") and not self.errors:
            self.add_error("insee_code", _("Indiquez le code INSEE de la commune."))
        return cleaned


class PartnerOrganisationForm(GroupedFieldsMixin, AddressCheckMixin, forms.ModelForm):
    accepts_cedex = True  # CAF, CCAS, France Travail… receive mail at Cedex addresses
    contact_phone = french_phone_field(_("Téléphone de contact"))

    class Meta:
        model = PartnerOrganisation
        fields = [
            "name",
            "kind",
            "siret",
            "address",
            "postal_code",
            "commune",
            "contact_name",
            "contact_email",
            "contact_phone",
            "agreement_start",
            "agreement_end",
            "is_active",
        ]
        widgets = {
            "agreement_start": DateInput(),
            "agreement_end": DateInput(),
        }
        field_classes = {"agreement_start": DateField, "agreement_end": DateField}

    fieldsets = (
        (_("Identité"), ["name", "kind", "siret", "is_active"]),
        (_("Adresse"), ["address", "postal_code", "commune"]),
        (_("Contact"), ["contact_name", "contact_email", "contact_phone"]),
        (_("Convention"), ["agreement_start", "agreement_end"]),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "—"), *partner_typologies()]

    def clean(self):
        cleaned = super().clean()
        self.clean_address_fields(cleaned)
        start, end = cleaned.get("agreement_start"), cleaned.get("agreement_end")
        if start and end and end < start:
            self.add_error("agreement_end", _("La fin de la convention ne peut pas précéder son début."))
        return cleaned
