"""PDF documents (vouchers, certificates, labels) with fpdf2: pure Python, no system library.

fpdf2 was chosen over WeasyPrint so that `make run` / `make test` need nothing but Python (WeasyPrint
needs Pango from the system). Text uses the vendored DejaVu Sans, which covers French and €.
"""

from io import BytesIO
from pathlib import Path

import segno
from django.http import HttpResponse
from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"


class Document(FPDF):
    """An A4 portrait page (by default) with the Tremplin font registered as "dejavu"."""

    def __init__(self, *args, title="", **kwargs):
        kwargs.setdefault("format", "A4")
        super().__init__(*args, **kwargs)
        self.add_font("dejavu", "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font("dejavu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_font("dejavu", size=11)
        self.set_auto_page_break(auto=True, margin=15)
        self.set_creator("Tremplin")
        self.set_lang("fr")
        if title:
            self.set_title(title)

    def multi_cell(self, w, h=None, text="", border=0, align="L", *args, **kwargs):
        # fpdf2 justifies paragraphs by default: a short line ending in a long address gets its words spread
        # to the right margin ("Plan :" with its colon pushed away). Tremplin's documents are never justified.
        return super().multi_cell(w, h, text, border, align, *args, **kwargs)


def qr_png(data, scale=6):
    """A QR code as PNG bytes in a BytesIO, ready for Document.image()."""
    buffer = BytesIO()
    segno.make(data, error="m").save(buffer, kind="png", scale=scale, border=2)
    buffer.seek(0)
    return buffer


def pdf_response(document, filename, inline=True):
    """An HttpResponse serving `document` with a filename that carries no personal data."""
    response = HttpResponse(bytes(document.output()), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
