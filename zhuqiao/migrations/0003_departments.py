"""The responsible units named in section 四 of the town's plan, plus the veterans' service
station. Administrators edit them afterwards; this only creates the ones that are missing."""

from django.db import migrations

DEPARTMENTS = [
    ("shejianban", "社建办", True),
    ("service_centre", "社区事务受理服务中心", True),
    ("trade_union", "工会", False),
    ("youth_league", "团委", False),
    ("womens_federation", "妇联", False),
    ("chamber_of_commerce", "商会", False),
    ("market_supervision", "市场监督管理所", False),
    ("tax_27", "税务局第二十七税务所", False),
    ("investment_centre", "招商中心", False),
    ("economic_centre", "经济发展服务中心", False),
    ("veterans_station", "退役军人服务站", False),
]


def forwards(apps, schema_editor):
    Department = apps.get_model("zhuqiao", "Department")
    for order, (code, name, is_centre) in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(
            code=code, defaults={"name": name, "is_centre": is_centre, "sort_order": order * 10}
        )


class Migration(migrations.Migration):
    dependencies = [("zhuqiao", "0002_audit_append_only")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
