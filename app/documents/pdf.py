"""PDF through LibreOffice, when it is installed; Word always works without it."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


def libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def unavailable_reason() -> str | None:
    if libreoffice() is None:
        return "PDF is niet beschikbaar: LibreOffice is op deze server niet geïnstalleerd."
    return None


def to_pdf(docx: bytes) -> bytes:
    """Convert with a user profile of this process's own, so parallel workers never collide."""
    binary = libreoffice()
    if binary is None:
        raise RuntimeError(unavailable_reason())
    with tempfile.TemporaryDirectory(prefix="regie-pdf-") as folder:
        source = Path(folder) / "document.docx"
        source.write_bytes(docx)
        profile = Path(tempfile.gettempdir()) / f"regie-lo-profile-{os.getpid()}"
        subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                folder,
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
        )
        return (Path(folder) / "document.pdf").read_bytes()
