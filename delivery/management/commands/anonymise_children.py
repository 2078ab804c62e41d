"""Anonymise children's files past retention (CHILD_DATA_RETENTION_DAYS); ``--dry-run`` prints what would change.

Prints counts only, never a name, an ID or a file number: the output may end up in a terminal log.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from delivery.services.retention import anonymise_children_past_retention, retention_plan

LABELS = {
    "expired_grants": "已结项或终止且超过保存期限的项目",
    "children": "匿名化的儿童档案",
    "names": "清除的姓名（服务关系）",
    "consent_forms": "删除的知情同意书扫描件",
    "case_notes": "清除的个案服务记录内容",
    "group_notes": "清除的小组/活动服务记录内容",
    "import_files": "删除的导入文件（批次）",
    "referrals": "清除的转介个人信息",
}


class Command(BaseCommand):
    help = "匿名化超过保存期限的儿童档案（--dry-run 只报告数量，不做修改）。"

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只报告将要修改的数量")

    def handle(self, *args, dry_run=False, **options):
        days = settings.CHILD_DATA_RETENTION_DAYS
        if dry_run:
            counts = retention_plan()
            self.stdout.write(f"试运行（未做任何修改），保存期限 {days} 天：")
        else:
            counts = anonymise_children_past_retention()
            self.stdout.write(f"已完成匿名化，保存期限 {days} 天：")
        for key, number in counts.items():
            self.stdout.write(f"  {LABELS.get(key, key)}：{number}")
