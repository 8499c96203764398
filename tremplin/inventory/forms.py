"""Forms of the inventory room; the device form also validates each row of a CSV import."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import imei as stdnum_imei
from stdnum.exceptions import ValidationError as StdnumError

from tremplin.core.formfields import (
    DateField,
    DateInput,
    FreeTextField,
    FreeTextLimitsMixin,
    IdMultipleChoiceField,
    compact_identifier,
)
from tremplin.core.tabular import TABLE_FILE_TYPES, read_upload, to_csv_text
from tremplin.network.models import Site

from .models import (
    AfterSalesTicket,
    ConnectivityProduct,
    Device,
    DonationBatch,
    Donor,
    ErasureMethod,
    Grade,
    GradingRule,
    PriceGridEntry,
)

DEVICE_FIELDS = [
    "category",
    "brand",
    "model_name",
    "serial_number",
    "imei",
    "cpu",
    "ram_gb",
    "storage_gb",
    "screen_inches",
    "operating_system",
    "battery_health",
    "cosmetic_condition",
    "condition_notes",
]


def normalise_serial(value):
    return "".join((value or "").split()).upper()


class DeviceForm(FreeTextLimitsMixin, forms.ModelForm):
    """A device's identity and specs. Checks the IMEI's Luhn digit and refuses known serials/IMEIs."""

    class Meta:
        model = Device
        fields = DEVICE_FIELDS
        widgets = {"condition_notes": forms.Textarea(attrs={"rows": 2})}

    def clean_serial_number(self):
        serial = normalise_serial(self.cleaned_data.get("serial_number"))
        if serial and Device.objects.filter(serial_number=serial).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un appareil porte déjà ce numéro de série."))
        return serial

    def clean_imei(self):
        raw = compact_identifier(self.cleaned_data.get("imei"))  # "35 209900 176148 1", "352099-00-176148-1"
        if not raw:
            return ""
        try:
            value = stdnum_imei.validate(raw)
        except StdnumError:
            raise forms.ValidationError(
                _("IMEI invalide : 15 chiffres dont le dernier est une clé de contrôle (Luhn).")
            ) from None
        value = value[:15]
        if len(value) != 15:
            raise forms.ValidationError(_("IMEI invalide : 15 chiffres attendus."))
        if Device.objects.filter(imei=value).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Un appareil porte déjà cet IMEI."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("serial_number") and not cleaned.get("imei") and not self.errors.get("imei"):
            self.add_error("serial_number", _("Indiquez le numéro de série ou l'IMEI."))
        return cleaned


class ReceiveForm(DeviceForm):
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none())
    batch = forms.ModelChoiceField(label=_("Lot de don"), queryset=DonationBatch.objects.none(), required=False)

    class Meta(DeviceForm.Meta):
        fields = ["site", "batch", *DEVICE_FIELDS]

    def __init__(self, *args, sites, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["batch"].queryset = batches.select_related("donor")
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()

    def clean(self):
        cleaned = super().clean()
        batch, site = cleaned.get("batch"), cleaned.get("site")
        if batch and site and batch.site_id != site.pk:
            self.add_error("batch", _("Ce lot a été reçu dans un autre espace."))
        return cleaned


class ImportForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none())
    batch = forms.ModelChoiceField(label=_("Lot de don"), queryset=DonationBatch.objects.none(), required=False)
    file = forms.FileField(
        label=_("Fichier (CSV ou Excel)"),
        required=False,
        help_text=_(
            "Classeur Excel (.xlsx) ou CSV tel que l'enregistre le tableur (point-virgule, virgule ou "
            "tabulation ; UTF-8 ou Windows), 1 000 lignes au plus."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": TABLE_FILE_TYPES}),
    )
    content = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sites, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["batch"].queryset = batches.select_related("donor")
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            # Carried to the confirmation step as UTF-8 CSV text, whatever the file was.
            cleaned["content"] = to_csv_text(read_upload(upload, max_bytes=1_000_000))
        if not cleaned.get("content"):
            raise forms.ValidationError(_("Choisissez un fichier CSV ou Excel."))
        batch, site = cleaned.get("batch"), cleaned.get("site")
        if batch and site and batch.site_id != site.pk:
            self.add_error("batch", _("Ce lot a été reçu dans un autre espace."))
        return cleaned


class TransitionForm(forms.Form):
    to_status = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("Remarque"), max_length=300, required=False)
    recycler = forms.CharField(label=_("Recycleur"), max_length=150, required=False)
    recycled_on = DateField(label=_("Date de remise"), required=False, widget=DateInput())


class ErasureForm(forms.Form):
    method = forms.ChoiceField(label=_("Méthode ou norme"), choices=ErasureMethod.choices)
    tool = forms.CharField(label=_("Outil"), max_length=100, help_text=_("Par exemple « Blancco 7 » ou « nwipe »."))
    performed_on = DateField(label=_("Date"), widget=DateInput())
    verified = forms.TypedChoiceField(
        label=_("Résultat de la vérification"),
        choices=[("1", _("Vérification réussie")), ("0", _("Échec de la vérification"))],
        coerce=lambda value: value == "1",
    )
    verification_notes = forms.CharField(label=_("Remarques"), max_length=300, required=False)

    def clean_performed_on(self):
        value = self.cleaned_data["performed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("La date ne peut pas être dans le futur."))
        return value


class GradeForm(forms.Form):
    override_grade = forms.ChoiceField(
        label=_("Grade"),
        required=False,
        choices=[("", _("Grade calculé depuis les seuils")), *Grade.choices],
    )
    reason = forms.CharField(label=_("Motif de la correction"), max_length=200, required=False)


class ReserveForm(forms.Form):
    beneficiary = forms.UUIDField(widget=forms.HiddenInput)
    until = DateField(label=_("Réservé jusqu'au"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = timezone.localdate() + timedelta(days=7)

    def clean_until(self):
        value = self.cleaned_data["until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("L'échéance ne peut pas être passée."))
        if value > timezone.localdate() + timedelta(days=60):
            raise forms.ValidationError(_("Une réservation dure au plus 60 jours."))
        return value


class ScanForm(forms.Form):
    label = forms.CharField(
        label=_("Numéro d'inventaire, de série ou IMEI"),
        max_length=60,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off", "inputmode": "text"}),
    )


class DonorForm(FreeTextLimitsMixin, forms.ModelForm):
    class Meta:
        model = Donor
        fields = ["name", "kind", "contact_name", "contact_email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class BatchForm(FreeTextLimitsMixin, forms.ModelForm):
    class Meta:
        model = DonationBatch
        fields = ["donor", "site", "reference", "received_on", "notes"]
        widgets = {"received_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"received_on": DateField}

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        self.fields["received_on"].initial = timezone.localdate()


class GradingRuleForm(forms.ModelForm):
    class Meta:
        model = GradingRule
        fields = ["category", "grade", "min_ram_gb", "min_storage_gb", "min_battery_health", "min_condition"]


class PriceForm(forms.ModelForm):
    class Meta:
        model = PriceGridEntry
        fields = ["category", "grade", "solidarity_price", "market_price"]


class ProductForm(forms.ModelForm):
    class Meta:
        model = ConnectivityProduct
        fields = ["kind", "operator", "name", "face_value", "solidarity_price", "low_stock_threshold", "is_active"]


class CodeImportForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Offre"), queryset=ConnectivityProduct.objects.none())
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none())
    batch_reference = forms.CharField(label=_("Référence du lot"), max_length=60, required=False)
    file = forms.FileField(
        label=_("Fichier des codes (CSV ou Excel)"),
        help_text=_("Un code par ligne, en première colonne. Classeur Excel (.xlsx) ou CSV."),
        widget=forms.ClearableFileInput(attrs={"accept": TABLE_FILE_TYPES}),
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()
        self.fields["product"].queryset = ConnectivityProduct.objects.filter(is_active=True, kind="recharge")

    def clean_file(self):
        return read_upload(self.cleaned_data["file"], max_bytes=500_000)


class StockAdjustForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Espace"), queryset=Site.objects.none())
    product = forms.ModelChoiceField(label=_("Offre"), queryset=ConnectivityProduct.objects.none())
    delta = forms.IntegerField(
        label=_("Quantité"),
        min_value=-1000,
        max_value=1000,
        help_text=_("Positive pour une livraison, négative pour une perte ou une casse."),
    )
    reason = forms.CharField(label=_("Motif"), max_length=200)

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()
        self.fields["product"].queryset = ConnectivityProduct.objects.filter(is_active=True).exclude(kind="recharge")

    def clean_delta(self):
        if self.cleaned_data["delta"] == 0:
            raise forms.ValidationError(_("Indiquez une quantité différente de zéro."))
        return self.cleaned_data["delta"]


class TransferForm(forms.Form):
    to_site = forms.ModelChoiceField(label=_("Espace de destination"), queryset=Site.objects.none())
    devices = IdMultipleChoiceField(
        label=_("Appareils à envoyer"), queryset=Device.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, from_site, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_site"].queryset = Site.objects.active().exclude(pk=from_site.pk)
        self.fields["devices"].queryset = devices


class TransferReceiveForm(forms.Form):
    received = IdMultipleChoiceField(
        label=_("Appareils effectivement reçus"),
        queryset=Device.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    discrepancy_note = FreeTextField(label=_("Écarts constatés"), rows=2, required=False)

    def __init__(self, *args, devices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received"].queryset = devices
        self.fields["received"].initial = list(devices)


class TicketForm(FreeTextLimitsMixin, forms.ModelForm):
    class Meta:
        model = AfterSalesTicket
        fields = ["problem"]
        widgets = {"problem": forms.Textarea(attrs={"rows": 3})}


class TicketCloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Issue"), choices=AfterSalesTicket.Outcome.choices)
    resolution_notes = FreeTextField(label=_("Notes"), rows=2, required=False)
