"""Uploads are checked by their content (core.uploads, core.filetypes): what organizations really send (Word, WPS,
Excel, scans) is accepted; programs, web pages, macro documents, renamed files and zip bombs are refused with a
Chinese message, before any parser opens them, and a refused submission saves nothing."""

import io
import struct
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from core import excel
from core.uploads import OFFICE_DOCUMENTS, SPREADSHEET, safe_filename, validate_document
from grants.models import MilestoneEvidence, MilestoneStatus
from tests.factories import make_grant
from tests.factories.grants import PDF_BYTES

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
_END, _FREE, _NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF


def ole2(*entries: tuple[str, int]) -> bytes:
    """A minimal OLE2 compound file whose root holds ``entries`` ((name, type): 1 storage, 2 stream), all empty."""
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 40, 0, 1, 1, 0, 4096, _END, 0, _END, 0)
    struct.pack_into("<I", header, 76, 0)
    for index in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * index, _FREE)
    fat = struct.pack("<II", 0xFFFFFFFD, _END) + struct.pack("<I", _FREE) * 126

    def entry(name, kind, left=_NOSTREAM, right=_NOSTREAM, child=_NOSTREAM):
        raw = bytearray(128)
        encoded = name.encode("utf-16-le")
        raw[0 : len(encoded)] = encoded
        struct.pack_into("<HBBIII", raw, 64, len(encoded) + 2 if name else 0, kind, 1, left, right, child)
        struct.pack_into("<II", raw, 116, _END, 0)
        return bytes(raw)

    directory = entry("Root Entry", 5, child=1 if entries else _NOSTREAM)
    for index, (name, kind) in enumerate(entries, start=1):
        directory += entry(name, kind, right=index + 1 if index < len(entries) else _NOSTREAM)
    directory = directory.ljust(512, b"\x00")
    return bytes(header) + fat + directory


def ooxml(main_part: str, *, extra: dict | None = None, content_types: bytes = b"<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr(main_part, b"<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    workbook = Workbook()
    workbook.active.append(["姓名", "电话"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bomb_xlsx() -> bytes:
    """A real workbook plus a 2 MB member of zeros that compresses ~1,000×: no spreadsheet does that."""
    buffer = io.BytesIO(xlsx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\x00" * (2 * 1024 * 1024))
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


ACCEPTED = [
    ("合同.pdf", PDF_BYTES),
    ("照片.png", PNG_BYTES),
    ("活动总结.docx", ooxml("word/document.xml")),
    ("签到表.xlsx", xlsx_bytes()),
    ("旧版总结.doc", ole2(("WordDocument", 2))),
    ("台账.xls", ole2(("Workbook", 2))),
    ("WPS文字.wps", ole2(("WordDocument", 2))),
    ("WPS表格.et", ole2(("Workbook", 2))),
]


@pytest.mark.parametrize(("name", "data"), ACCEPTED)
def test_what_organizations_really_send_is_accepted(name, data):
    validate_document(upload(name, data), allowed=OFFICE_DOCUMENTS)


REFUSED = [
    ("setup.exe", b"MZ\x90\x00" + b"\x00" * 200, "executable", "可执行程序"),
    ("报告.pdf", b"MZ\x90\x00" + b"\x00" * 200, "executable", "可执行程序"),
    ("run.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "executable", "可执行程序"),
    ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "markup", "可能含有脚本"),
    (
        "logo.png",
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
        "markup",
        "SVG",
    ),
    ("宏.docm", ooxml("word/document.xml"), "macros", "启用宏"),
    ("宏.xlsm", xlsx_bytes(), "macros", "启用宏"),
    ("改名.docx", ooxml("word/document.xml", extra={"word/vbaProject.bin": b"\x00" * 64}), "macros", "含有宏"),
    (
        "改名.xlsx",
        ooxml(
            "xl/workbook.xml",
            content_types=b"<Types><Override ContentType='application/vnd.ms-excel.sheet.macroEnabled.main+xml'/>"
            b"</Types>",
        ),
        "macros",
        "含有宏",
    ),
    ("宏.doc", ole2(("WordDocument", 2), ("Macros", 1)), "macros", "含有宏"),
    ("宏.xls", ole2(("Workbook", 2), ("_VBA_PROJECT_CUR", 1)), "macros", "含有宏"),
    ("加密.docx", ole2(("EncryptionInfo", 2), ("EncryptedPackage", 2)), "encrypted", "加密"),
    ("假文档.docx", PDF_BYTES, "content", "不是真正的 DOCX"),
    ("表格.xlsx", ooxml("word/document.xml"), "content", "不是真正的 XLSX"),
    ("假图.png", PDF_BYTES, "content", "不是真正的 PNG"),
    ("假PDF.pdf", PNG_BYTES, "content", "不是真正的 PDF"),
    ("假.doc", PDF_BYTES, "content", "不是真正的 DOC"),
    ("名单.csv", b"a,b\n1,2\n", "extension", "类型不受支持"),
    ("炸弹.xlsx", bomb_xlsx(), "zip_bomb", "解压后过大"),
    ("空.pdf", b"", "empty", "空文件"),
]


@pytest.mark.parametrize(("name", "data", "code", "message"), REFUSED, ids=[row[0] for row in REFUSED])
def test_each_dangerous_kind_is_refused_with_a_chinese_message(name, data, code, message):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(upload(name, data), allowed=OFFICE_DOCUMENTS)
    assert excinfo.value.code == code
    assert message in excinfo.value.messages[0]


def test_the_total_uncompressed_size_is_limited_too(settings):
    settings.MAX_UNCOMPRESSED_SIZE = 1000
    with pytest.raises(ValidationError, match="解压后过大"):
        validate_document(
            upload("总结.docx", ooxml("word/document.xml", extra={"a.xml": b"<a/>" * 400})), allowed=OFFICE_DOCUMENTS
        )


def test_scans_only_fields_refuse_office_files():
    with pytest.raises(ValidationError, match="只接受 JPEG、JPG、PDF、PNG"):
        validate_document(upload("同意书.docx", ooxml("word/document.xml")))


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\张三\\活动 照片.png", "活动 照片.png"),
        ("报告\x00.exe.pdf", "报告.exe.pdf"),
        ("证明\u202egpj.exe", "证明gpj.exe"),
        ("  ..隐藏\t文件.pdf ", "隐藏 文件.pdf"),
        ("\x01\x02", "file"),
        ("长" * 150 + ".docx", "长" * 95 + ".docx"),
    ],
)
def test_file_names_lose_paths_and_control_characters_and_keep_chinese(raw, clean):
    assert safe_filename(raw) == clean


def test_validate_document_renames_the_upload_to_its_safe_name():
    file = upload("x.pdf", PDF_BYTES)
    file.name = "../../证明\x07材料.pdf"
    validate_document(file)
    assert file.name == "证明材料.pdf"


def test_a_zip_bomb_is_refused_before_openpyxl_opens_it(monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a refused file")

    monkeypatch.setattr(excel, "load_workbook", never)
    with pytest.raises(ValueError, match="解压后过大"):
        excel.read_rows(upload("名单.xlsx", bomb_xlsx()))
    with pytest.raises(ValueError, match="含有宏"):
        excel.read_rows(upload("名单.xlsx", ooxml("xl/workbook.xml", extra={"xl/vbaProject.bin": b"1"})))


def test_a_clean_workbook_is_still_read():
    headers, rows = excel.read_rows(upload("名单.xlsx", xlsx_bytes()))
    assert headers == ["姓名", "电话"] and rows == []


@pytest.mark.django_db
def test_a_refused_evidence_file_gives_400_and_saves_nothing(client, wuhan_officer, org_admin, organization):
    grant = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})
    milestone = grant.milestones.get(order=1)
    client.force_login(org_admin)
    files = [
        upload("总结.docx", ooxml("word/document.xml")),
        upload("宏.docx", ooxml("word/document.xml", extra={"word/vbaProject.bin": b"1"})),
    ]
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "进展", "evidence": files}
    )
    assert response.status_code == 400
    assert "含有宏" in response.content.decode()
    assert not MilestoneEvidence.objects.exists()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.PENDING


@pytest.mark.django_db
def test_word_evidence_is_accepted_on_a_milestone(client, wuhan_officer, org_admin, organization):
    grant = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})
    milestone = grant.milestones.get(order=1)
    client.force_login(org_admin)
    files = [upload("../总结.docx", ooxml("word/document.xml")), upload("台账.et", ole2(("Workbook", 2)))]
    response = client.post(
        reverse("grants:milestone_submit", args=[milestone.pk]), {"narrative": "进展", "evidence": files}
    )
    assert response.status_code == 302
    names = sorted(evidence.file.name.rsplit("/", 1)[-1] for evidence in MilestoneEvidence.objects.all())
    assert names == ["台账.et", "总结.docx"]


def test_the_spreadsheet_type_takes_only_xlsx():
    validate_document(upload("名单.xlsx", xlsx_bytes()), allowed=SPREADSHEET)
    with pytest.raises(ValidationError, match="只接受 XLSX"):
        validate_document(upload("名单.xls", ole2(("Workbook", 2))), allowed=SPREADSHEET)


@pytest.mark.django_db
def test_wagtail_documents_are_checked_by_content():
    from wagtail.documents import get_document_model
    from wagtail.documents.forms import get_document_form
    from wagtail.models import Collection

    from tests.factories import UserFactory

    form_class = get_document_form(get_document_model())
    editor = UserFactory(is_superuser=True)
    collection = Collection.get_first_root_node()
    macro = upload("通知.docx", ooxml("word/document.xml", extra={"word/vbaProject.bin": b"1"}))
    form = form_class(data={"title": "通知", "collection": collection.pk}, files={"file": macro}, user=editor)
    assert not form.is_valid() and "含有宏" in str(form.errors["file"])
    clean = upload("通知.docx", ooxml("word/document.xml"))
    form = form_class(data={"title": "通知", "collection": collection.pk}, files={"file": clean}, user=editor)
    assert form.is_valid(), form.errors


@pytest.mark.django_db
def test_admin_uploads_are_checked_too(client):
    """The organization's admin page (annual results are read-only in the admin: they go through the service)."""
    from organizations.models import Organization
    from tests.factories import UserFactory

    admin_user = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin_user)
    response = client.get(reverse("admin:organizations_organization_add"))
    assert response.status_code == 200
    form = response.context["adminform"].form
    from core.uploads import UploadField

    assert isinstance(form.fields["registration_certificate"], UploadField)
    assert not Organization.objects.exists()


@pytest.mark.django_db
def test_a_zip_bomb_import_is_refused_before_calamine_with_400(
    client, wuhan_officer, org_admin, organization, monkeypatch
):
    import python_calamine

    from delivery.models import ImportBatch

    def never(*args, **kwargs):
        raise AssertionError("calamine must not open a refused file")

    monkeypatch.setattr(python_calamine, "load_workbook", never)
    grant = make_grant(officer=wuhan_officer, application_kwargs={"organization": organization})
    client.force_login(org_admin)
    url = reverse("delivery_imports:import_list", args=[grant.pk])
    for data, message in (
        (bomb_xlsx(), "解压后过大"),
        (ooxml("xl/workbook.xml", extra={"xl/vbaProject.bin": b"1"}), "含有宏"),
    ):
        response = client.post(url, {"kind": "service_logs", "file": upload("台账.xlsx", data)})
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not ImportBatch.objects.exists()
