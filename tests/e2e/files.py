"""Small files the browser uploads: a one-page PDF (certificates, contract, evidence) and a service-log workbook."""

from pathlib import Path

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf(directory: Path, name: str) -> Path:
    path = directory / name
    path.write_bytes(PDF)
    return path
