"""Rebuild the rollups behind the dashboard, the home page and the brand pages (what the Celery task does every
half hour): after generating or loading data, or to see the pages' figures up to date at once."""

from django.core.management.base import BaseCommand

from delivery.models import ChildCount, ServiceMonth
from delivery.services.rollups import rollups_refresh


class Command(BaseCommand):
    help = "重建数据看板、首页和品牌项目页使用的汇总表。"

    def handle(self, *args, **options):
        state = rollups_refresh()
        self.stdout.write(
            f"汇总表已重建：服务时长 {ServiceMonth.objects.count():,} 行，服务儿童 {ChildCount.objects.count():,} 行，"
            f"用时 {state.seconds} 秒（统计日期 {state.as_of}）。"
        )
