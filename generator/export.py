"""What goes with a document to the Phòng: its PDF (through LibreOffice) and an e-mail draft.

Both produce bytes; :mod:`generator.write` stores them like any output.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from email import encoders
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formatdate
from pathlib import Path

from generator.errors import CchcError
from generator.i18n import _

SOFFICE_NAMES = ("soffice", "libreoffice")
SOFFICE_PLACES = (
    r"C:\Program Files\LibreOffice\program\soffice.exe",
    r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
    "/Applications/LibreOffice.app/Contents/MacOS/soffice",
    "/usr/lib/libreoffice/program/soffice",
    "/opt/libreoffice/program/soffice",
)
PDF_TIMEOUT_S = 180


class NoLibreOfficeError(CchcError):
    """LibreOffice is needed for --pdf and cannot be found."""


def find_soffice() -> str | None:
    """Returns the LibreOffice program: on PATH, else at its usual Windows and macOS install paths; None if absent."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in SOFFICE_PLACES if os.path.isfile(place)), None)


def to_pdf(docx_files: list[Path]) -> dict[Path, bytes]:
    """Returns the PDF of each .docx, converted by one LibreOffice process for all of them.

    LibreOffice runs with a profile of its own, so that a copy the clerk has
    open does not swallow the conversion. Raises NoLibreOfficeError when it is
    not installed, CchcError when it fails or runs past its time.
    """
    exe = find_soffice()
    if exe is None:
        raise NoLibreOfficeError(
            _("LibreOffice is not installed, so no PDF was made; install it from libreoffice.org, or open the .docx in Word and save it as PDF")
        )
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        command = [exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp,
                   *map(str, docx_files)]
        try:
            subprocess.run(command, capture_output=True, timeout=PDF_TIMEOUT_S, check=False,
                           creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0) if sys.platform == "win32" else 0)
        except subprocess.TimeoutExpired:
            raise CchcError(_("LibreOffice did not finish the PDF in %(seconds)s seconds", seconds=PDF_TIMEOUT_S)) from None
        pdfs = {}
        for docx in docx_files:
            pdf = Path(tmp, docx.stem + ".pdf")
            if not pdf.is_file():
                raise CchcError(_("LibreOffice could not convert %(file)s to PDF", file=str(docx)))
            pdfs[docx] = pdf.read_bytes()
    return pdfs


MIME = {
    ".docx": ("application", "vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pdf": ("application", "pdf"),
}


def email_draft(to: str | None, subject: str, body: str, attachments: dict[str, bytes]) -> bytes:
    """Returns an RFC 5322 draft (X-Unsent: 1, so Outlook opens it as a new message) with the files attached.

    The subject is encoded (RFC 2047) and each file name given in RFC 2231 form
    (filename*=utf-8''…), which the mail clients of the Phòng read.
    """
    message = MIMEMultipart()
    message["To"] = to or ""
    message["Subject"] = Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.attach(MIMEText(body, "plain", "utf-8"))
    for name, data in attachments.items():
        part = MIMEBase(*MIME[Path(name).suffix.lower()])
        part.set_payload(data)
        encoders.encode_base64(part)
        part.add_header("Content-Disposition", "attachment", filename=("utf-8", "", name))
        message.attach(part)
    return message.as_bytes()
