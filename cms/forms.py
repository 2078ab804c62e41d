"""The Wagtail document upload form (``WAGTAILDOCS_DOCUMENT_FORM_BASE``): editors' documents are public, so they are
checked by content like every other upload (core.uploads): no programs, markup, macros or renamed files."""

from django.db.models.fields.files import FieldFile
from wagtail.documents.forms import BaseDocumentForm

from core.uploads import OFFICE_DOCUMENTS, validate_document


class CheckedDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not isinstance(upload, FieldFile) and hasattr(upload, "size"):
            validate_document(upload, allowed=OFFICE_DOCUMENTS)
        return upload
