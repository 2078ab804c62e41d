"""The three sizes of a generated province, and the distributions the generator draws from."""

SIZES = {
    # runs in CI on SQLite in a few seconds
    "small": {
        "organizations": 60,
        "calls": 20,
        "applications": 240,
        "children": 1_000,
        "service_logs": 5_000,
    },
    # a few years of one province, a tenth of the service data of "large"
    "medium": {
        "organizations": 600,
        "calls": 200,
        "applications": 4_000,
        "children": 50_000,
        "service_logs": 1_000_000,
    },
    # the picture of issue #13: 3,000 organizations, 1,000 calls, 20,000 applications, 8,000 grants with 40,000
    # milestones, 500,000 children and 10 million service logs
    "large": {
        "organizations": 3_000,
        "calls": 1_000,
        "applications": 20_000,
        "children": 500_000,
        "service_logs": 10_000_000,
    },
}

# Grants are the approved applications: 8 in every cycle of 20 (40 %).
MILESTONES_PER_GRANT = 5

# Where organizations are registered: roughly the resident population of each 市州 (millions, 2020 census).
PREFECTURE_WEIGHTS = {
    "420100": 12.3,  # 武汉
    "420200": 2.5,  # 黄石
    "420300": 3.2,  # 十堰
    "420500": 4.0,  # 宜昌
    "420600": 5.3,  # 襄阳
    "420700": 1.1,  # 鄂州
    "420800": 2.6,  # 荆门
    "420900": 4.3,  # 孝感
    "421000": 5.2,  # 荆州
    "421100": 5.9,  # 黄冈
    "421200": 2.7,  # 咸宁
    "421300": 2.0,  # 随州
    "422800": 3.5,  # 恩施州
    "429004": 1.1,  # 仙桃
    "429005": 0.9,  # 潜江
    "429006": 1.2,  # 天门
    "429021": 0.1,  # 神农架林区
}

# Child categories (code → share); about one child in seven has a second category.
CATEGORY_WEIGHTS = {
    "left_behind": 55,
    "in_difficulty": 25,
    "disabled": 8,
    "unsupported": 6,
    "orphan": 3,
    "other": 3,
}
SECOND_CATEGORY_SHARE = 0.15

# Service types (code → share of service logs).
SERVICE_TYPE_WEIGHTS = {
    "guardianship": 22,
    "counselling": 20,
    "tutoring": 16,
    "safety": 12,
    "integration": 9,
    "social_work": 8,
    "behaviour": 5,
    "rehabilitation": 3,
    "special_education": 2,
    "medical": 2,
    "other": 1,
}

# Service forms (value → share), and minutes per form.
FORM_WEIGHTS = {"case": 35, "home_visit": 25, "phone": 15, "group": 15, "event": 10}
MINUTES = {"case": (30, 120), "home_visit": (45, 180), "phone": (10, 40), "group": (60, 150), "event": (90, 240)}
VOLUNTEER_SHARE = 0.1

BRANDS = [
    ("童伴妈妈", "tongban-mama", "中国儿童少年基金会"),
    ("希望厨房", "hope-kitchen", "中国青少年发展基金会"),
    ("儿童之家", "children-home", ""),
    ("护苗成长", "humiao", "湖北省慈善总会"),
    ("困境儿童心理关爱", "xinli-guanai", ""),
    ("留守儿童暑期课堂", "summer-class", "共青团湖北省委"),
    ("助残康复", "kangfu", "湖北省残疾人联合会"),
    ("童心港湾", "tongxin-gangwan", ""),
    ("监护能力提升", "jianhu", ""),
    ("乡村儿童阅读", "yuedu", "湖北省图书馆"),
]
BRAND_SHARE = 0.4  # of calls (and so of grants) run under a brand
