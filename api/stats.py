"""The tables of ``/api/v1/stats/``: money and children served by 市州, county, year, brand program, child category
and funding source, over every public grant (``Grant.objects.public()``).

Each table is a fixed partition, computed with a fixed number of aggregate queries whatever the number of rows. Counts
of children leave through ``core.disclosure``: 1 to 4 shows as "<5", and within a table whose cells add up to a shown
total a second cell is hidden with a lone hidden one (complementary suppression). The tables take no filters: two
overlapping filtered tables would let a reader subtract one from the other and recover a hidden count. For the same
reason children appear at one regional level only (the county, as on the home page's map), never also by 市州.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.impact import county_map
from core.disclosure import HIDDEN, public_counts
from core.models import ChildCategory, Region
from delivery import public as delivery_public
from delivery.models import Beneficiary, Enrolment
from grants.funding import funds_by_source
from grants.models import Grant, Payment
from programs.models import BrandProgram

ZERO = Decimal("0.00")
NO_BRAND = "none"


def _grants():
    return Grant.objects.public()


def _expr(key):
    return F(key) if isinstance(key, str) else key


def _money(values_key: str, paid_key: str) -> tuple[dict, dict]:
    """Grants and amount awarded per ``values_key`` of the grant, amount paid per ``paid_key`` of the payment."""
    grants = {
        row["k"]: row
        for row in _grants().order_by().values(k=_expr(values_key)).annotate(n=Count("pk"), a=Sum("amount"))
    }
    paid = {
        row["k"]: row["p"]
        for row in Payment.objects.filter(milestone__grant__in=_grants().values("pk"))
        .order_by()
        .values(k=_expr(paid_key))
        .annotate(p=Sum("amount"))
    }
    return grants, paid


def _money_row(key, label, grants: dict, paid: dict) -> dict:
    row = grants.get(key) or {}
    return {
        "key": "" if key is None else str(key),
        "label": label,
        "grants": row.get("n", 0),
        "amount_awarded": row.get("a") or ZERO,
        "amount_paid": paid.get(key) or ZERO,
    }


def _with_children(rows: list[dict], counts: dict) -> list[dict]:
    """Add the children column: the cells (keyed like the rows) suppressed together."""
    cells, _total = public_counts({row["key"]: counts.get(row["key"], 0) for row in rows})
    for row in rows:
        row["children"] = cells[row["key"]].for_json()
    return rows


def by_region() -> list[dict]:
    """Money by the 市州 of the issuing bureau ("" for the province's own grants). No children here: see the module."""
    grants, paid = _money("issuing_region__prefecture_code", "milestone__grant__issuing_region__prefecture_code")
    names = dict(Region.objects.prefecture_units().values_list("code", "name"))
    keys = sorted(set(grants) | set(paid), key=lambda code: code or "")
    return [_money_row(code, names.get(code) or _("省本级"), grants, paid) for code in keys]


def by_county() -> list[dict]:
    """Children served by the county they live in, and whether a grant serves the county: the home page's map."""
    rows = county_map(_grants())["rows"]
    return [
        {"key": row["code"], "label": row["name"], "children": row["children"].for_json(), "covered": row["covered"]}
        for row in rows
    ]


def _first_service_year():
    today = timezone.localdate()
    first = (
        Enrolment.objects.filter(beneficiary=OuterRef("pk"), grant__in=_grants().values("pk"), consent_date__lte=today)
        .order_by("consent_date")
        .values("consent_date")[:1]
    )
    served = Beneficiary.objects.filter(
        enrolments__grant__in=_grants().values("pk"), enrolments__consent_date__lte=today
    ).distinct()
    return dict(
        Beneficiary.objects.filter(pk__in=served.values("pk"))
        .annotate(year=ExtractYear(Subquery(first)))
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )


def by_year() -> list[dict]:
    """Per year: grants signed and their money, and children whose service first began that year (each child once,
    so the years add up to the province's total)."""
    grants, paid = _money(ExtractYear("signed_on"), ExtractYear("milestone__grant__signed_on"))
    children = {str(year): n for year, n in _first_service_year().items() if year is not None}
    years = sorted({str(year) for year in grants} | {str(year) for year in paid} | set(children))
    grants = {str(key): value for key, value in grants.items()}
    paid = {str(key): value for key, value in paid.items()}
    rows = [_money_row(year, year, grants, paid) for year in years]
    return _with_children(rows, children)


def by_brand() -> list[dict]:
    """Per brand program (and the grants of none): money, and the children its grants served."""
    grants, paid = _money("brand_program", "milestone__grant__brand_program")
    children = dict(
        delivery_public._enrolments(_grants())
        .order_by()
        .values("grant__brand_program")
        .annotate(n=Count("beneficiary", distinct=True))
        .values_list("grant__brand_program", "n")
    )
    brands = list(BrandProgram.objects.order_by("pk").values_list("pk", "slug", "name"))
    rows = []
    for pk, slug, name in brands:
        row = _money_row(pk, name, grants, paid)
        row["key"] = slug
        rows.append(row)
    if None in grants or None in children:
        row = _money_row(None, _("无品牌项目"), grants, paid)
        row["key"] = NO_BRAND
        rows.append(row)
    counts = {slug: children.get(pk, 0) for pk, slug, _name in brands}
    counts[NO_BRAND] = children.get(None, 0)
    return _with_children(rows, counts)


def _categories_hidden_on_brand_pages() -> set[str]:
    """Categories whose count is "<5" on some brand's page (``delivery_public.children_by_category`` of the brand's
    grants, suppressed over the active categories), in one aggregate query."""
    active = list(ChildCategory.objects.active().values_list("code", flat=True))
    rows = (
        delivery_public._enrolments(_grants().filter(brand_program__isnull=False))
        .values("grant__brand_program", "beneficiary__categories__code")
        .annotate(n=Count("beneficiary", distinct=True))
        .order_by()
    )
    per_brand: dict = {}
    for row in rows:
        if row["beneficiary__categories__code"] in active:
            per_brand.setdefault(row["grant__brand_program"], {})[row["beneficiary__categories__code"]] = row["n"]
    hidden = set()
    for counts in per_brand.values():
        cells, _total = public_counts({code: counts.get(code, 0) for code in active})
        hidden |= {code for code, cell in cells.items() if cell.hidden}
    return hidden


def by_category() -> list[dict]:
    """Children served in each child category (a child may be in several; all active categories, zeros too).

    A category hidden on any brand page is hidden here too: otherwise the province's count minus the other brands'
    shown counts could give the hidden one away."""
    cells = delivery_public.children_by_category(_grants())
    hidden = _categories_hidden_on_brand_pages()
    return [
        {"key": cell.key, "label": cell.label, "children": HIDDEN if cell.key in hidden else cell.count.for_json()}
        for cell in cells
    ]


def by_funding_source() -> list[dict]:
    """Money by funding source, from the co-funding split of each grant and payment (``grants.funding``)."""
    grants_per_source = dict(
        _grants()
        .order_by()
        .values("funding_shares__source")
        .annotate(n=Count("pk", distinct=True))
        .values_list("funding_shares__source", "n")
    )
    return [
        {
            "key": row["source"],
            "label": row["label"],
            "grants": grants_per_source.get(row["source"], 0),
            "amount_awarded": row["committed"],
            "amount_paid": row["paid"],
        }
        for row in funds_by_source(_grants())
    ]


TABLES = {
    "region": by_region,
    "county": by_county,
    "year": by_year,
    "brand": by_brand,
    "category": by_category,
    "funding_source": by_funding_source,
}


def table(name: str) -> list[dict]:
    return TABLES[name]()
