"""The printed voucher: the QR code never covers text, nothing is justified, the map is a QR code, not an address."""

from decimal import Decimal

import pytest
from fpdf import FPDF

from tremplin.core.pdf import Document
from tremplin.referrals.voucher_pdf import build_voucher, map_url


@pytest.fixture
def layout(monkeypatch):
    """Every text cell (x, y, w, h, align, text) and image (x, y, w) the document draws."""
    cells, images = [], []
    original_cell, original_image = FPDF.multi_cell, FPDF.image

    def cell(self, w, h=None, text="", border=0, align="J", *args, **kwargs):
        x, y = self.get_x(), self.get_y()
        width = w or (self.w - self.r_margin - x)
        result = original_cell(self, w, h, text, border, align, *args, **kwargs)
        cells.append({"x": x, "y": y, "w": width, "bottom": self.get_y(), "align": str(align), "text": str(text)})
        return result

    def image(self, name, x=None, y=None, w=0, *args, **kwargs):
        images.append({"x": x, "y": y, "w": w})
        return original_image(self, name, x, y, w, *args, **kwargs)

    monkeypatch.setattr(FPDF, "multi_cell", cell)
    monkeypatch.setattr(FPDF, "image", image)
    return cells, images


@pytest.fixture
def mapped_site(site):
    site.latitude, site.longitude = Decimal("45.751900"), Decimal("4.842300")
    site.save(update_fields=["latitude", "longitude"])
    return site


def test_no_text_of_the_voucher_is_drawn_under_a_qr_code(layout, referral, mapped_site):
    cells, images = layout
    build_voucher(referral).output()

    assert len(images) == 2  # the voucher's code and the map
    for image in images:
        left, right, top, bottom = image["x"], image["x"] + image["w"], image["y"], image["y"] + image["w"]
        for cell in cells:
            overlaps_across = cell["x"] < right and cell["x"] + cell["w"] > left
            overlaps_down = cell["y"] < bottom and cell["bottom"] > top
            assert not (overlaps_across and overlaps_down), f"{cell['text']!r} is drawn under a QR code"


def test_the_voucher_is_never_justified_and_prints_no_web_address(layout, referral, mapped_site):
    cells, _images = layout
    build_voucher(referral).output()

    assert {cell["align"] for cell in cells} <= {"L", "Align.L", "LEFT"}
    assert not [cell for cell in cells if "http" in cell["text"] or "openstreetmap" in cell["text"]]
    assert any(cell["text"].startswith("Plan : scannez ce code") for cell in cells)
    assert map_url(mapped_site).startswith("https://www.openstreetmap.org/?mlat=45.751900&mlon=4.842300")


def test_a_site_without_coordinates_gets_no_map_code(layout, referral, site):
    cells, images = layout
    site.latitude = site.longitude = None
    site.save(update_fields=["latitude", "longitude"])
    build_voucher(referral).output()

    assert len(images) == 1
    assert not any(cell["text"].startswith("Plan") for cell in cells)


def test_pdf_paragraphs_are_left_aligned_unless_asked_otherwise(layout):
    cells, _images = layout
    document = Document()
    document.add_page()
    document.multi_cell(0, 6, "Plan : une ligne assez longue pour passer à la ligne " * 4, new_x="LMARGIN")
    document.multi_cell(0, 6, "Titre centré", align="C")

    assert [cell["align"] for cell in cells] == ["L", "C"]
