"""Third-party evaluation grades (优秀/良好/合格/不合格), mid-term and final, of the region's grants: evaluations
submitted (or published) in the period. Officers see submitted grades before they are published. One query."""

from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import TruncDate

from grants.models import Evaluation, EvaluationKind, EvaluationStatus, Grade, Grant

from .base import Scope


@dataclass
class GradeRow:
    grade: str
    label: str
    midterm: int = 0
    final: int = 0

    @property
    def total(self) -> int:
        return self.midterm + self.final


def evaluation_grades(scope: Scope) -> list[GradeRow]:
    counts = (
        Evaluation.objects.filter(
            grant__in=Grant.objects.in_region(scope.region).values("pk"),
            status__in=(EvaluationStatus.SUBMITTED, EvaluationStatus.PUBLISHED),
        )
        .exclude(grade="")
        .annotate(submitted_on=TruncDate("submitted_at"))
        .filter(**scope.in_period("submitted_on"))
        .values("grade", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = {value: GradeRow(grade=value, label=str(label)) for value, label in Grade.choices}
    for row in counts:
        target = rows[row["grade"]]
        if row["kind"] == EvaluationKind.MIDTERM:
            target.midterm += row["n"]
        else:
            target.final += row["n"]
    return list(rows.values())
