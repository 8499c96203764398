"""Reading an imported table file as people really save it: the one reader behind every import.

French Excel saves "CSV (séparateur : point-virgule)" in Windows-1252, "CSV UTF-8" with a byte-order
mark, "Texte Unicode" in UTF-16 with tabs; LibreOffice asks and usually says UTF-8 and commas; and many
people simply send the .xlsx. `read_table()` accepts all of these and answers rows of text cells, or
raises `UnreadableTable` with a French message (and the line, when one is to blame).

Encoding: a byte-order mark decides (UTF-8, UTF-16); otherwise UTF-8 when the bytes are valid UTF-8
(a cp1252 accent is never a valid UTF-8 sequence, so the guess is safe for French text), else cp1252.
Separator: whichever of ";", "," and tab is most frequent in the first line, outside quotes.
"""

import codecs
import csv
import io
import zipfile
from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DELIMITERS = (";", ",", "\t")
# For the file inputs' `accept` attribute: what the file picker offers first.
TABLE_FILE_TYPES = ".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Bounds against files that are small on disk but huge once opened (an .xlsx is compressed).
MAX_ROWS = 20_000
MAX_COLUMNS = 100
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


class UnreadableTable(ValidationError):
    """The file cannot be read as a table. A ValidationError, so a form's clean() can let it through.

    `reason` is the message alone and `line` the line to blame (0: the whole file), for the imports
    that list errors line by line; the ValidationError's own message names the line.
    """

    def __init__(self, reason, line=0):
        message = _("%(reason)s (ligne %(line)s)") % {"reason": reason, "line": line} if line else reason
        super().__init__(message, code="unreadable_table")
        self.reason, self.line = reason, line


def unreadable_line_message():
    return _("Ligne illisible : ce fichier n'est pas un CSV valide.")


BYTE_ORDER_MARKS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode_text(data):
    """Bytes of a text file -> str, whatever the spreadsheet that saved it (see the module docstring)."""
    marked = [encoding for bom, encoding in BYTE_ORDER_MARKS if data.startswith(bom)]
    for encoding in marked or ["utf-8", "cp1252"]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableTable(
        _(
            "L'encodage de ce fichier n'est pas reconnu. Enregistrez-le depuis le tableur au format "
            "« CSV UTF-8 », « CSV (séparateur : point-virgule) » ou « Classeur Excel (.xlsx) »."
        )
    )


def _count_outside_quotes(line, delimiter):
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(text):
    """The separator of a CSV text: the most frequent of ; , tab in its first non-blank line (; on a tie)."""
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: _count_outside_quotes(first_line, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])  # max keeps the first on a tie
    return best if counts[best] else ","


def parse_csv_text(text):
    """Rows of a CSV text with its own separator; UnreadableTable names the line the csv module refused."""
    if "\x00" in text:
        raise UnreadableTable(_("Ce fichier n'est pas un fichier texte (CSV) ni un classeur Excel (.xlsx)."))
    reader = csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text))
    rows = []
    try:
        for row in reader:
            rows.append(row[:MAX_COLUMNS])
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as error:  # a field over the csv module's size limit, a stray quote…
        raise UnreadableTable(unreadable_line_message(), line=reader.line_num) from error
    return rows


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        # Excel keeps long numbers (IMEI, codes) as floats: 356938035643809.0 -> "356938035643809".
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def read_xlsx(data):
    """Rows of the first (active) sheet of an .xlsx workbook, each cell as text (values, not formulas)."""
    from openpyxl import load_workbook  # only imports that meet an .xlsx pay for it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active or workbook.worksheets[0]
            sheet.reset_dimensions()  # some writers declare a wrong size; read what is really there
            rows = []
            for values in sheet.iter_rows(values_only=True):
                rows.append([_cell_text(value) for value in values[:MAX_COLUMNS]])
                if len(rows) > MAX_ROWS:
                    break
        finally:
            workbook.close()
    except Exception as error:  # any failure of the parser on an uploaded file is the file's, not ours
        raise UnreadableTable(
            _("Ce classeur Excel ne peut pas être lu. Enregistrez-le à nouveau au format .xlsx ou CSV.")
        ) from error
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()  # Excel keeps formatted but empty rows at the end
    return [_trim(row) for row in rows]


def _trim(row):
    while row and row[-1] == "":
        row = row[:-1]
    return row


def read_table(data):
    """Rows (lists of str) of an uploaded .csv/.txt/.xlsx file given as bytes (or already decoded text)."""
    if isinstance(data, str):
        return parse_csv_text(data)
    if data.startswith(ZIP_MAGIC):
        if not _is_xlsx(data):
            raise UnreadableTable(_("Ce fichier compressé n'est pas un classeur Excel (.xlsx)."))
        return read_xlsx(data)
    if data.startswith(OLE_MAGIC):
        raise UnreadableTable(
            _("L'ancien format Excel (.xls) n'est pas lu : enregistrez le fichier au format .xlsx ou CSV.")
        )
    return parse_csv_text(decode_text(data))


def _is_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_upload(upload, *, max_bytes):
    """Rows of an uploaded file (Django UploadedFile), refused over `max_bytes` with a French message."""
    if upload.size > max_bytes:
        raise UnreadableTable(
            _("Le fichier dépasse %(size)s.") % {"size": _format_size(max_bytes)},
        )
    return read_table(upload.read())


def _format_size(size):
    if size >= 1_000_000:
        return _("%(count)s Mo") % {"count": f"{size / 1_000_000:g}".replace(".", ",")}
    return _("%(count)s Ko") % {"count": f"{size / 1000:g}".replace(".", ",")}


def decimal_comma(cents):
    """1250 → "12,50", -5 → "-0,05": French decimals without thousands separator or currency sign, as French
    Excel reads them in a ";" file (the till's accounting export, the statistics CSV)."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100},{cents % 100:02d}"


def to_csv_text(rows):
    """Rows as UTF-8 CSV text with semicolons (to carry a validated file between two steps of a form)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def to_xlsx_bytes(rows, *, sheet_title=""):
    """Rows as an .xlsx workbook (for the import templates), every cell stored as text.

    Numbers typed later into the workbook come back from read_table() without a decimal point, even
    the 15 digits of an IMEI (a double holds them exactly).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    if sheet_title:
        sheet.title = sheet_title[:31]
    for row in rows:
        sheet.append([str(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
