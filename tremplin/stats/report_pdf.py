"""The funder report as a PDF (fpdf2, core/pdf.py): cover, introduction, key figures, programme targets, the
journey funnel, charts (bars drawn with fpdf2: no JavaScript, no image library), every table, definitions.

A report leaves the network: the small-count rule always applies (smallcounts.py), whoever asks for it, and
a bar is never drawn for a masked count (its length would give the count back).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf.fonts import FontFace

from tremplin.core.dates import display
from tremplin.core.pdf import Document
from tremplin.core.text import fill

from . import masking
from .figures import COUNT
from .smallcounts import RULE_TEXT, display_value, is_small

INK = (33, 37, 41)
MUTED = (90, 98, 106)
ACCENT = (0, 99, 153)  # bars and headings; contrast ≥ 4.5:1 on white
LIGHT = (226, 236, 243)
HEADINGS = FontFace(emphasis="BOLD", fill_color=LIGHT)
SECTION = FontFace(emphasis="BOLD", color=ACCENT)


@dataclass(frozen=True)
class Section:
    """A row of a table naming the group of rows under it (the block of the key figures)."""

    title: str


class ReportDocument(Document):
    def __init__(self, *args, footer_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.footer_text = footer_text
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(auto=True, margin=20)
        self.alias_nb_pages()

    def footer(self):
        if self.page_no() == 1:
            return
        self.set_y(-13)
        self.set_font("dejavu", size=8)
        self.set_text_color(*MUTED)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, _("Page %(page)s / %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="R")
        self.set_text_color(*INK)

    @property
    def content_width(self):
        return self.w - self.l_margin - self.r_margin

    def heading(self, text, size=15):
        self.ensure_space(18)
        self.ln(3)
        self.set_font("dejavu", "B", size)
        self.set_text_color(*ACCENT)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.set_font("dejavu", size=10)
        self.ln(1)

    def paragraph(self, text, size=10, color=INK):
        self.set_font("dejavu", size=size)
        self.set_text_color(*color)
        self.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)
        self.ln(1)

    def ensure_space(self, height):
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()


def _cover(pdf, *, title, scope_label, period, funder, generated_at):
    pdf.add_page()
    pdf.set_fill_color(*ACCENT)
    pdf.rect(0, 0, pdf.w, 12, style="F")
    pdf.set_y(60)
    pdf.set_font("dejavu", "B", 24)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 11, title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_text_color(*INK)
    pdf.set_font("dejavu", size=13)
    pdf.multi_cell(0, 7, scope_label, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 7, _("Période : %(period)s") % {"period": period.text}, new_x="LMARGIN", new_y="NEXT")
    if funder:
        pdf.multi_cell(0, 7, _("Financeur : %(funder)s") % {"funder": funder}, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("dejavu", size=10)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(
        0,
        5,
        _("Rapport produit le %(date)s avec Tremplin.") % {"date": display(generated_at, "date_short")},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.multi_cell(0, 5, _("Chiffres agrégés uniquement : aucune donnée personnelle."), new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 5, str(RULE_TEXT), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def _table(pdf, header, rows, widths, align=None):
    align = align or ("LEFT",) + ("RIGHT",) * (len(header) - 1)
    pdf.set_font("dejavu", size=9)
    # Keep a short table on one page (a long one repeats its headings on the next).
    pdf.ensure_space(min(7 * (len(rows) + 1) + 4, 110))
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths,
        text_align=align,
        headings_style=HEADINGS,
        line_height=5.5,
        padding=1.2,
        borders_layout="HORIZONTAL_LINES",
        width=pdf.content_width,
        first_row_as_headings=True,
        repeat_headings=1,
        cell_fill_color=(246, 248, 250),
        cell_fill_mode="ROWS",
    ) as table:
        table.row([str(cell) for cell in header])
        for row in rows:
            if isinstance(row, Section):
                table.row().cell(str(row.title), colspan=len(header), style=SECTION, align="LEFT")
            else:
                table.row([str(cell) for cell in row])
    pdf.ln(3)


def _value_widths(pdf, columns, minimum=30, label_minimum=55):
    """Each value column as wide as its heading (bold, with padding), at least `minimum` mm; when they do not
    fit beside a label column of `label_minimum` mm, headings wrap — at spaces only: a column is never
    narrower than the longest word of its heading ("Orientations", "d'acceptation" are not cut)."""
    pdf.set_font("dejavu", "B", 9)
    padding = 6
    wanted = [max(minimum, pdf.get_string_width(str(column)) + padding) for column in columns]
    words = [max(pdf.get_string_width(word) for word in str(column).split() or [""]) + padding for column in columns]
    pdf.set_font("dejavu", size=9)
    room = pdf.content_width - label_minimum
    if sum(wanted) <= room:
        return wanted
    if sum(words) > room:  # the label column gives up its room first, down to 35 mm
        room = min(sum(words), pdf.content_width - 35)
        return [word * room / sum(words) for word in words]
    # Share the room above each column's longest word in proportion to what it still wants.
    spare, extra = room - sum(words), [want - word for want, word in zip(wanted, words, strict=True)]
    return [word + spare * more / sum(extra) for word, more in zip(words, extra, strict=True)]


def bars(pdf, items, *, title="", max_value=None):
    """Horizontal bars: items are (label, raw value or None, text shown). A None value draws no bar."""
    if title:
        pdf.ensure_space(min(7 * len(items) + 10, 110))
        pdf.set_font("dejavu", "B", 10)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    numbers = [value for _label, value, _text in items if value]
    top = max_value or (max(numbers) if numbers else 0)
    label_width, value_width = 62, 26
    bar_width = pdf.content_width - label_width - value_width - 4
    pdf.set_font("dejavu", size=9)
    for label, value, text in items:
        pdf.ensure_space(7)
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_width, 6, _shorten(pdf, str(label), label_width - 2))
        pdf.set_fill_color(*LIGHT)
        pdf.rect(pdf.l_margin + label_width, y + 1, bar_width, 4, style="F")
        if value and top:
            pdf.set_fill_color(*ACCENT)
            pdf.rect(pdf.l_margin + label_width, y + 1, bar_width * min(1, value / top), 4, style="F")
        pdf.set_xy(pdf.l_margin + label_width + bar_width + 2, y)
        pdf.cell(value_width, 6, str(text), align="R")
        pdf.set_xy(pdf.l_margin, y + 6.5)
    pdf.ln(3)


def _shorten(pdf, text, width):
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _chartable(value, unit, mask):
    """The length a bar may have: the value, or None when masked (or not a number)."""
    if not isinstance(value, int | float) or (mask and unit == COUNT and is_small(value)):
        return None
    return value


def build_report(*, title, introduction, board, generated_at=None, funder="", progress=()):
    """The report's Document for a Dashboard `board` (figures.dashboard) and optional programme progress rows
    (dicts with label, achieved, target, percent, bar_percent as views_programmes.progress_rows gives them)."""
    generated_at = generated_at or timezone.localtime()
    mask = board.scope.mask_small_counts
    pdf = ReportDocument(title=title, footer_text=f"{title} — {board.period.text}")
    _cover(
        pdf,
        title=title,
        scope_label=board.scope.label,
        period=board.period,
        funder=funder,
        generated_at=generated_at,
    )
    pdf.add_page()
    if introduction.strip():
        pdf.heading(_("Introduction"))
        pdf.paragraph(introduction.strip(), size=10.5)

    pdf.heading(_("Chiffres clés"))
    pdf.paragraph(
        _("Comparés à la période précédente (%(period)s).") % {"period": board.previous_period.text},
        size=9,
        color=MUTED,
    )
    rows = []
    for block in board.blocks:
        if block.figures:  # which block a figure is from: "Présences" alone does not say it is the workshops'
            rows.append(Section(block.title))
        for row in block.figures:
            unit = block.figure_units.get(row.key, COUNT)
            previous = row.previous[0] if row.previous else None
            rows.append(
                [
                    row.label,
                    masking.figure_replacement(block, row, mask) or display_value(row.values[0], unit),
                    (masking.figure_replacement(block, row, mask, previous=True) or display_value(previous, unit))
                    if row.previous
                    else "",
                ]
            )
    if rows:
        header = [_("Indicateur"), _("Période"), _("Période précédente")]
        values = _value_widths(pdf, header[1:], minimum=36)
        _table(pdf, header, rows, (pdf.content_width - sum(values), *values))

    if progress:
        pdf.heading(_("Objectifs du programme"))
        items = []
        for row in progress:
            text = _("non disponible") if row["achieved"] is None else f"{row['achieved']} / {row['target']}"
            value = row["progress"].bar_percent if row["percent"] is not None else None
            items.append((row["label"], value, text))
        bars(pdf, items, max_value=100)
        pdf.paragraph(_("La barre montre la part de l'objectif atteinte (pleine à 100 %)."), size=8.5, color=MUTED)

    for block in board.blocks:
        pdf.heading(block.title)
        if block.definition:
            pdf.paragraph(str(block.definition), size=9, color=MUTED)
        for table in block.tables:
            _block_table(pdf, block, table, mask)
        if not block.tables and not block.notes:  # never a heading with nothing under it
            pdf.paragraph(
                _("Pas de tableau détaillé pour cette rubrique : ses chiffres sont dans les « Chiffres clés »."),
                size=9,
                color=MUTED,
            )
        for note in block.notes:
            pdf.paragraph(str(note), size=8.5, color=MUTED)

    pdf.heading(_("Définitions"))
    for block in board.blocks:
        pdf.set_font("dejavu", "B", 9.5)
        pdf.multi_cell(0, 5, block.title, new_x="LMARGIN", new_y="NEXT")
        pdf.paragraph(f"{block.definition} {_('Source :')} {block.source}".strip(), size=9)
        for table in block.tables:
            if table.definition:
                pdf.paragraph(f"{table.title} : {table.definition}", size=9)
    pdf.paragraph(str(RULE_TEXT), size=9)
    return pdf


def _chart(pdf, block, table, mask):
    """The table's bars, or a sentence saying why there is none: every count masked (a bar would give it
    back), or nothing but zeros (a chart of empty bars says nothing). A cell the small-count rule hides
    (stats/masking.py) is drawn as no bar."""
    items = []
    for number, row in enumerate(table.rows):
        hidden = masking.cell_replacement(block, table, number, 0, mask)
        value = None if hidden else _chartable(row.values[0], table.units[0], mask)
        items.append((row.label, value, hidden or display_value(row.values[0], table.units[0])))
    title = f"{table.title} — {table.columns[0]}"
    if any(value for _label, value, _text in items):
        bars(pdf, items, title=title)
    elif any(value is None for _label, value, _text in items):
        pdf.paragraph(
            fill(_("%(chart)s : pas de graphique, les effectifs sont trop petits pour être montrés."), chart=title),
            size=9,
            color=MUTED,
        )
    else:
        pdf.paragraph(
            fill(_("%(chart)s : pas de graphique, aucune valeur sur la période."), chart=title), size=9, color=MUTED
        )


def _block_table(pdf, block, table, mask):
    if table.chart and table.rows and table.units and table.units[0] == COUNT:
        _chart(pdf, block, table, mask)
    header = [_("Catégorie"), *[str(column) for column in table.columns]]
    rows = []
    for number, row in enumerate(table.rows):
        cells = [row.label]
        for index, (value, unit) in enumerate(zip(row.values, table.units, strict=True)):
            cells.append(masking.cell_replacement(block, table, number, index, mask) or display_value(value, unit))
        rows.append(cells)
    if not rows:
        pdf.paragraph(f"{table.title} : {_('aucune donnée sur la période.')}", size=9, color=MUTED)
        return
    # The title stays with its table: room for the title, its definition and what _table() itself asks for
    # (a title alone at the foot of a page, its table on the next, was seen in a funder's report).
    title_height = 8 + (6 if table.definition else 0)
    pdf.ensure_space(min(7 * (len(rows) + 1) + 4, 110) + title_height)
    pdf.set_font("dejavu", "B", 10)
    pdf.multi_cell(0, 6, table.title, new_x="LMARGIN", new_y="NEXT")
    if table.definition:
        pdf.paragraph(str(table.definition), size=8.5, color=MUTED)
    values = _value_widths(pdf, table.columns)
    _table(pdf, header, rows, (pdf.content_width - sum(values), *values))
