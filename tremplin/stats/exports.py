"""Every table of the statistics dashboard as XLSX (one workbook) or CSV (one table per file).

House convention for CSV (till/services/reports.csv_response): UTF-8 with a byte-order mark, ";" between
fields, CRLF — French Excel opens it as is. Workbooks start with a "Paramètres" sheet: what the figures cover
(scope, period, previous period, filters), when they were produced, the small-count rule when it applies, and
every definition used; then "Chiffres clés" (headline figures of every block), then one sheet per table.

Values stay numbers; under the small-count rule (observers, shared reports) counts from 1 to 4 become the
text "< 5" and percentages computed on fewer than 5 become "—" (smallcounts.py, the dashboard's own rule);
counts that would give a "< 5" back through a relation shown (a column and its total, helped = new + already
followed…) are hidden as "masqué" (stats/masking.py, the same cells as the page).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tremplin.core.dates import display
from tremplin.core.tabular import decimal_comma

from . import masking
from .figures import COUNT, DAYS, EUROS, HOURS, PERCENT
from .smallcounts import RULE_TEXT

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADLINE_KEY = "chiffres_cles"


@dataclass
class ExportContext:
    """What the first sheet says: the scope label, filters in words, and who/when."""

    scope_label: str
    filters: list  # [(label, value in words)]
    generated_at: object = None

    def __post_init__(self):
        self.generated_at = self.generated_at or timezone.localtime()


# The unit of a figure, in words, for the "Unité" column and the headers of table columns.
UNIT_LABELS = {
    COUNT: gettext_lazy("nombre"),
    HOURS: gettext_lazy("heures"),
    DAYS: gettext_lazy("jours"),
    EUROS: gettext_lazy("€"),
    PERCENT: gettext_lazy("%"),
}
# Excel number formats by unit: euros with cents, a percentage (the cell holds the share, 0–1), a tenth for
# durations, whole numbers for counts.
XLSX_FORMATS = {COUNT: "#,##0", HOURS: "#,##0.0", DAYS: "#,##0.0", EUROS: '#,##0.00" €"', PERCENT: "0%"}


@dataclass(frozen=True)
class Number:
    """A figure shown as a number in a file, with its unit (its format in Excel, its decimals in CSV)."""

    value: float
    unit: str

    def csv_text(self):
        """French Excel reads "12,5": the decimal comma of every French CSV (core.tabular.decimal_comma)."""
        if self.unit == EUROS:
            return decimal_comma(round(self.value * 100))
        if float(self.value).is_integer():
            return str(int(self.value))
        return decimal_comma(round(self.value * 100)).rstrip("0")

    def xlsx_value(self):
        return self.value / 100 if self.unit == PERCENT else self.value


NO_VALUE = "—"  # no figure (nothing to compute on), as on the page; a masked rate or median shows the same


def export_value(value, unit):
    """A figure for a file: a Number keeping its unit ("—" for no figure, the page's marker: an empty cell
    beside a "—" read as a different thing). Under the small-count rule, the renderers first ask
    stats/masking.py for the text that replaces it ("< 5", "masqué", "—")."""
    if value is None:
        return NO_VALUE
    return Number(value, unit)


def unit_header(column, unit):
    """A table column's header with its unit when it is not a plain count: « Part (%) »."""
    if unit == COUNT:
        return str(column)
    return _("%(column)s (%(unit)s)") % {"column": column, "unit": UNIT_LABELS.get(unit, unit)}


def parameter_rows(board, context):
    """The rows of the first sheet (label, value)."""
    rows = [
        (_("Statistiques Tremplin"), ""),
        (_("Périmètre"), context.scope_label or board.scope.label),
        (_("Période"), board.period.text),
        (_("Période de comparaison"), board.previous_period.text),
    ]
    for label, value in context.filters:
        rows.append((_("Filtre : %(filter)s") % {"filter": label}, value))
    if not context.filters:
        rows.append((_("Filtres"), _("aucun")))
    rows.append((_("Produit le"), display(context.generated_at, "datetime_short")))
    rows.append((_("Données"), _("Chiffres agrégés uniquement : aucune donnée personnelle.")))
    if board.scope.mask_small_counts:
        rows.append((_("Règle des petits effectifs"), str(RULE_TEXT)))
    rows.append(("", ""))
    rows.append((_("Définitions"), ""))
    for block in board.blocks:
        rows.append((block.title, f"{block.definition} {_('Source :')} {block.source}".strip()))
        for table in block.tables:
            if table.definition:
                rows.append((f"{block.title} — {table.title}", table.definition))
        for note in block.notes:
            rows.append((block.title, str(note)))
    return rows


def headline_rows(board):
    """[header, rows…] of the headline figures of every block, with the previous period."""
    mask = board.scope.mask_small_counts
    header = [_("Bloc"), _("Indicateur"), _("Unité"), _("Période"), _("Période précédente")]
    rows = [header]
    for block in board.blocks:
        for row in block.figures:
            unit = block.figure_units.get(row.key, COUNT)
            previous = row.previous[0] if row.previous else None
            now = masking.figure_replacement(block, row, mask)
            before = masking.figure_replacement(block, row, mask, previous=True)
            rows.append(
                [
                    block.title,
                    row.label,
                    str(UNIT_LABELS.get(unit, unit)),
                    now or export_value(row.values[0], unit),
                    before or export_value(previous, unit),
                ]
            )
    return rows


def table_rows(table, mask, *, compare=True, block=None):
    """[header, rows…] of one dashboard table: label, each column (and its previous-period value).
    `block`: the block the table belongs to (its headline figures are masked together with it)."""
    block = block or masking.lone_block(table)
    header = [_("Catégorie")]
    for column, unit in zip(table.columns, table.units, strict=True):
        header.append(unit_header(column, unit))
        if compare:
            header.append(_("%(column)s (période précédente)") % {"column": unit_header(column, unit)})
    rows = [header]
    for number, row in enumerate(table.rows):
        line = [row.label]
        for index, (value, unit) in enumerate(zip(row.values, table.units, strict=True)):
            line.append(masking.cell_replacement(block, table, number, index, mask) or export_value(value, unit))
            if compare:
                previous = row.previous[index] if row.previous else None
                before = masking.cell_replacement(block, table, number, index, mask, previous=True)
                line.append(before or export_value(previous, unit))
        rows.append(line)
    return rows


def all_tables(board):
    """[(block, table)] in dashboard order."""
    return [(block, table) for block in board.blocks for table in block.tables]


def find_table(board, key):
    """The rows of the table `key` ("chiffres_cles" for the headline figures), or None."""
    if key == HEADLINE_KEY:
        return _("Chiffres clés"), headline_rows(board)
    for block, table in all_tables(board):
        if f"{block.key}-{table.key}" == key or table.key == key:
            return table.title, table_rows(table, board.scope.mask_small_counts, block=block)
    return None


def table_keys(board):
    return [HEADLINE_KEY] + [f"{block.key}-{table.key}" for block, table in all_tables(board)]


def csv_bytes(rows):
    """Rows as CSV for French Excel: UTF-8 with BOM, ";" separator, CRLF, decimal comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([[cell.csv_text() if isinstance(cell, Number) else cell for cell in row] for row in rows])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


_SHEET_FORBIDDEN = re.compile(r"[\[\]\:\*\?\/\\]")
SHEET_NAME_MAX = 31  # Excel's limit


def _shorten(text, limit):
    """`text` cut to `limit` characters at a word boundary (no word cut in the middle), without a dangling
    opening bracket or punctuation."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    cut = cut[:limit]
    if cut.count("(") > cut.count(")"):
        cut = cut[: cut.rindex("(")]
    return cut.rstrip(" ,;.-—(") or text[:limit]


def _sheet_title(title, used):
    """A unique sheet name within Excel's 31 characters, shortened at a word boundary; duplicates get « (2) »."""
    base = " ".join(_SHEET_FORBIDDEN.sub(" ", str(title)).split()) or "Tableau"
    candidate, number = _shorten(base, SHEET_NAME_MAX), 2
    while candidate.lower() in used:
        suffix = f" ({number})"
        candidate = _shorten(base, SHEET_NAME_MAX - len(suffix)) + suffix
        number += 1
    used.add(candidate.lower())
    return candidate


# Each table's sheet name: short, meaningful and unique within Excel's 31 characters ("Par lieu" alone does not
# say of what; "Autonomie en fin" is a title cut short). The sheet's first row keeps the full title. A table
# missing here gets its title, shortened at a word (_sheet_title) — tests check that every table is listed.
SHEET_NAMES = {
    "activities-over_time": gettext_lazy("Activités par mois"),
    "activities-by_kind": gettext_lazy("Activités par type"),
    "activities-by_thematique": gettext_lazy("Activités par thématique"),
    "activities-by_duration": gettext_lazy("Activités par durée"),
    "activities-by_place": gettext_lazy("Activités par lieu"),
    "activities-by_equipment": gettext_lazy("Matériel utilisé"),
    "activities-by_autonomy": gettext_lazy("Autonomie (individuels)"),
    "people-age_bands": gettext_lazy("Personnes par âge"),
    "people-communes": gettext_lazy("Personnes par commune"),
    "people-gender": gettext_lazy("Personnes par genre"),
    "people-social_status": gettext_lazy("Personnes par statut social"),
    "funnel-funnel": gettext_lazy("Parcours (étapes)"),
    "partners-per_partner": gettext_lazy("Orientations par partenaire"),
    "partners-decline_reasons": gettext_lazy("Motifs de refus"),
    "equipment-devices_sold": gettext_lazy("Appareils remis"),
    "equipment-connectivity_sold": gettext_lazy("Recharges, SIM et box"),
    "inventory-received_by_category": gettext_lazy("Reçus par catégorie"),
    "inventory-received_by_donor": gettext_lazy("Reçus par donateur"),
    "skills-profiles": gettext_lazy("Profils (1er diagnostic)"),
    "skills-progress": gettext_lazy("Progression par domaine"),
}


def sheet_name(block, table):
    """The short name of a table's sheet (SHEET_NAMES), or its title."""
    return SHEET_NAMES.get(f"{block.key}-{table.key}", table.title)


def workbook_bytes(board, context):
    """The whole dashboard as an .xlsx workbook: Paramètres, Chiffres clés, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    mask = board.scope.mask_small_counts
    workbook = Workbook()
    used = set()
    sheet = workbook.active
    sheet.title = _sheet_title(_("Paramètres"), used)
    for row in parameter_rows(board, context):
        sheet.append(list(row))
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 100
    sheet["A1"].font = Font(bold=True, size=14)
    for cell in sheet["B"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def add_sheet(title, rows, name=None):
        # The sheet's name is short: its first row keeps the full title, the header comes second.
        page = workbook.create_sheet(_sheet_title(name or title, used))
        page.append([str(title)])
        page["A1"].font = Font(bold=True, size=13)
        for row in rows:
            page.append([cell.xlsx_value() if isinstance(cell, Number) else cell for cell in row])
            for cell, value in zip(page[page.max_row], row, strict=True):
                if isinstance(value, Number):
                    cell.number_format = XLSX_FORMATS.get(value.unit, "General")
        for cell in page[2]:
            cell.font = Font(bold=True)
        page.column_dimensions["A"].width = 45
        page.freeze_panes = "B3"

    add_sheet(_("Chiffres clés"), headline_rows(board))
    for block, table in all_tables(board):
        add_sheet(table.title, table_rows(table, mask, block=block), sheet_name(block, table))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filters_in_words(filters, *, programme_name=""):
    """[(label, value)] of the active filters, with names rather than ids."""
    from tremplin.accounts.models import User
    from tremplin.activities import choices
    from tremplin.network.models import PartnerOrganisation, Site

    words = []
    if filters.site_id:
        words.append((_("espace"), Site.objects.filter(pk=filters.site_id).values_list("name", flat=True).first()))
    if filters.partner_id:
        name = PartnerOrganisation.objects.filter(pk=filters.partner_id).values_list("name", flat=True).first()
        words.append((_("structure partenaire"), name))
    if filters.mediator_id:
        user = User.objects.filter(pk=filters.mediator_id).values_list("full_name", flat=True).first()
        words.append((_("médiateur·rice"), user))
    if filters.thematique:
        words.append((_("thématique"), str(choices.label(choices.thematique_choices(), filters.thematique))))
    if filters.kind:
        words.append((_("type d'activité"), str(choices.label(choices.kind_choices(), filters.kind))))
    if filters.programme_id and programme_name:
        words.append((_("programme"), programme_name))
    return [(label, value or "—") for label, value in words]
