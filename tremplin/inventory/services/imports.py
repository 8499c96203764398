"""Import of received devices from a CSV or Excel file (read by core.tabular): every row is validated
first; nothing is saved unless all are valid."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from tremplin.core.tabular import UnreadableTable, read_table, to_csv_text, to_xlsx_bytes
from tremplin.core.text import normalise

from ..forms import DeviceForm
from ..models import CATEGORY_TAG_CODES, Category, Condition

# CSV column -> device field. The template file lists them in this order.
COLUMNS = {
    "categorie": "category",
    "marque": "brand",
    "modele": "model_name",
    "numero_serie": "serial_number",
    "imei": "imei",
    "processeur": "cpu",
    "ram_go": "ram_gb",
    "stockage_go": "storage_gb",
    "ecran_pouces": "screen_inches",
    "systeme": "operating_system",
    "batterie_pct": "battery_health",
    "etat": "cosmetic_condition",
    "remarques": "condition_notes",
}
REQUIRED_COLUMNS = ("categorie", "marque", "modele")
MAX_ROWS = 1000
TEMPLATE_EXAMPLE = [
    "ordinateur portable",
    "Lenovo",
    "ThinkPad T480",
    "PF1ABCDE",
    "",
    "Intel Core i5-8350U",
    "8",
    "256",
    "14",
    "Windows 11",
    "82",
    "bon état",
    "",
]


def _lookup(choices, extra=None):
    table = {}
    for value, label in choices:
        table[normalise(value)] = value
        table[normalise(str(label))] = value
    for key, value in (extra or {}).items():
        table[normalise(key)] = value
    return table


def _category_table():
    return _lookup(Category.choices, {code: category for category, code in CATEGORY_TAG_CODES.items()})


def _condition_table():
    return _lookup(Condition.choices, {"comme neuf": "excellent", "bon": "good", "usage": "fair", "abime": "poor"})


@dataclass
class ImportResult:
    rows: list = field(default_factory=list)  # cleaned field dicts, in file order
    errors: list = field(default_factory=list)  # (line number, [messages])

    @property
    def ok(self):
        return not self.errors and bool(self.rows)


def template_csv():
    return to_csv_text([list(COLUMNS), TEMPLATE_EXAMPLE])


def template_xlsx():
    return to_xlsx_bytes([list(COLUMNS), TEMPLATE_EXAMPLE], sheet_title=_("Appareils"))


def validate_csv(source):
    """Read (text or bytes of a CSV or .xlsx file) and validate every row with the same form as a single
    reception. Saves nothing. Line numbers are the spreadsheet's row numbers."""
    try:
        rows = read_table(source)
    except UnreadableTable as error:
        result = ImportResult()
        result.errors.append((error.line or 1, [error.reason]))
        return result
    return _validate_rows(rows)


def _validate_rows(rows):
    result = ImportResult()
    headers = [normalise(h).replace(" ", "_") for h in (rows[0] if rows else [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in headers]
    if missing:
        result.errors.append((1, [_("Colonnes manquantes : %(columns)s.") % {"columns": ", ".join(missing)}]))
        return result
    categories, conditions = _category_table(), _condition_table()
    seen_serials, seen_imeis = {}, {}
    for line, row in enumerate(rows[1:], start=2):
        if line - 1 > MAX_ROWS:
            result.errors.append((line, [_("Pas plus de %(max)s lignes par import.") % {"max": MAX_ROWS}]))
            break
        raw = dict(zip(headers, row, strict=False))
        values = {column: (raw.get(column) or "").strip() for column in COLUMNS}
        if not any(values.values()):
            continue
        data = {COLUMNS[column]: value for column, value in values.items()}
        category_text = data["category"]
        data["category"] = categories.get(normalise(category_text), category_text)
        data["cosmetic_condition"] = conditions.get(normalise(data["cosmetic_condition"]), data["cosmetic_condition"])
        if not data["cosmetic_condition"]:
            data["cosmetic_condition"] = Condition.GOOD
        data["screen_inches"] = data["screen_inches"].replace(",", ".")
        form = DeviceForm(data)
        messages = []
        if form.is_valid():
            cleaned = {name: form.cleaned_data[name] for name in COLUMNS.values()}
            serial, imei = cleaned["serial_number"], cleaned["imei"]
            if serial and serial in seen_serials:
                messages.append(
                    _("Numéro de série en double dans le fichier (ligne %(line)s).") % {"line": seen_serials[serial]}
                )
            if imei and imei in seen_imeis:
                messages.append(_("IMEI en double dans le fichier (ligne %(line)s).") % {"line": seen_imeis[imei]})
            seen_serials.setdefault(serial, line) if serial else None
            seen_imeis.setdefault(imei, line) if imei else None
            if not messages:
                result.rows.append(cleaned)
        else:
            for name, errors in form.errors.items():
                label = form.fields[name].label if name in form.fields else ""
                for error in errors:
                    if name == "category" and category_text:
                        error = _("Catégorie inconnue : « %(value)s ».") % {"value": category_text}
                    messages.append(f"{label} : {error}" if label else error)
        if messages:
            result.errors.append((line, messages))
    if not result.rows and not result.errors:
        result.errors.append((1, [_("Le fichier ne contient aucune ligne.")]))
    return result
