"""``generate(size)``: a province's worth of data at one of three sizes (see ``scale.sizes``), with realistic
distributions over the 17 市州, their counties and townships, brands, child categories and service types.

Everything is written in one transaction. Used by ``manage.py generate_scale`` and by the benchmarks."""

import random
import time

from django.db import connection, transaction
from django.utils import timezone

from core.models import ChildCategory, OfficerScope, Region, RegionLevel, ServiceType, User
from core.regions import townships_load

from . import delivery, programs
from .rows import Timer
from .sizes import CATEGORY_WEIGHTS, PREFECTURE_WEIGHTS, SERVICE_TYPE_WEIGHTS, SIZES

OFFICER = "scale_officer"  # a provincial program officer, for signing in to the generated data


class World:
    """The generator's fixed people, vocabularies and regions, and its random choices."""

    def __init__(self, seed: int = 2026):
        self.rng = random.Random(seed)
        self.timer = Timer()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.province = Region.objects.get(level=RegionLevel.PROVINCE)
        self.prefectures = list(Region.objects.prefecture_units().order_by("code"))
        self.prefecture_weights = [PREFECTURE_WEIGHTS.get(p.code, 1.0) for p in self.prefectures]
        counties = list(Region.objects.counties())
        self.counties_of = {
            p.pk: [c for c in counties if c.prefecture_code == p.prefecture_code] or [p] for p in self.prefectures
        }
        self.prefecture_of = {c.pk: p.pk for p in self.prefectures for c in self.counties_of[p.pk]}
        self.townships = programs.townships_by_county()
        by_code = dict(ChildCategory.objects.values_list("code", "pk"))
        self.category_ids = [by_code[c] for c in CATEGORY_WEIGHTS if c in by_code] or list(by_code.values())
        self.category_weights = [w for c, w in CATEGORY_WEIGHTS.items() if c in by_code] or None
        types = dict(ServiceType.objects.values_list("code", "pk"))
        self.service_type_ids = [types[c] for c in SERVICE_TYPE_WEIGHTS if c in types] or list(types.values())
        self.service_type_weights = [SERVICE_TYPE_WEIGHTS[c] for c in SERVICE_TYPE_WEIGHTS if c in types] or None
        self.officer, created = User.objects.get_or_create(username=OFFICER, defaults={"name": "省级项目官员"})
        if created:
            OfficerScope.objects.create(user=self.officer, region=self.province)
        self.recorder, _ = User.objects.get_or_create(username="scale_recorder", defaults={"name": "服务记录员"})
        self.evaluator, _ = User.objects.get_or_create(
            username="scale_evaluator", defaults={"name": "第三方评估", "is_evaluator": True}
        )
        self.reviewers = [
            User.objects.get_or_create(
                username=f"scale_reviewer{i}", defaults={"name": f"评审专家{i}", "is_reviewer": True}
            )[0]
            for i in range(12)
        ]
        self.organizations: list = []
        self.brands: list = []

    def weighted_prefecture(self) -> Region:
        return self.rng.choices(self.prefectures, self.prefecture_weights)[0]

    def county_in(self, region: Region) -> Region:
        """A county of ``region`` (a 市州 or the province)."""
        if region.pk == self.province.pk:
            region = self.weighted_prefecture()
        return self.rng.choice(self.counties_of.get(region.pk) or self.counties_of[self.prefecture_of[region.pk]])

    def neighbour_county(self, county_id: int) -> int:
        prefecture = self.prefecture_of.get(county_id)
        return self.rng.choice(self.counties_of[prefecture]).pk if prefecture else county_id

    def township(self, county_id: int) -> str:
        towns = self.townships.get(county_id)
        return self.rng.choice(towns) if towns else ""

    def category(self) -> int:
        return self.rng.choices(self.category_ids, self.category_weights)[0]

    def sample_categories(self) -> set[int]:
        return {self.category() for _ in range(2)}

    def service_type(self) -> int:
        return self.rng.choices(self.service_type_ids, self.service_type_weights)[0]


def generate(size: str | dict, *, seed: int = 2026, out=None) -> Timer:
    """Add a generated province of ``size`` (a name in ``SIZES`` or a dict of the same keys). Returns the timer with
    the rows written per table."""
    counts = SIZES[size] if isinstance(size, str) else size
    started = time.perf_counter()
    with transaction.atomic():
        if not Region.objects.filter(level=RegionLevel.TOWNSHIP).exists():
            townships_load()
        world = World(seed)
        programs.add_brands(world)
        programs.add_organizations(world, counts["organizations"])
        calls = programs.add_calls(world, counts["calls"])
        apps = programs.add_applications(world, counts["applications"], calls)
        grants = programs.add_grants(world, apps)
        delivery.add_service_data(world, grants, counts["children"], counts["service_logs"])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # what autovacuum would do after a load: the planner needs the new sizes
    world.timer.add("total", sum(rows for rows, _s in world.timer.tables.values()), time.perf_counter() - started)
    if out is not None:
        for line in world.timer.lines():
            out.write(line + "\n")
    return world.timer
