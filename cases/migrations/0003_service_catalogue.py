"""The service catalogue (服务事项) of sections 四(一) to 四(五): other apps rely on these names.
Administrators edit the catalogue afterwards; this only creates the entries that are missing."""

from django.db import migrations

# (name, category, is_startup_service, default department code)
SERVICES = [
    ("开业诊断", "startup", False, "market_supervision"),
    ("政策咨询", "startup", True, "service_centre"),
    ("法人一证通激活", "startup", True, "market_supervision"),
    ("社保开户", "startup", True, "service_centre"),
    ("银行开户咨询", "startup", True, "economic_centre"),
    ("融资对接", "startup", False, "economic_centre"),
    ("场地需求", "startup", False, "investment_centre"),
    ("创业培训", "startup", False, "service_centre"),
    ("职业指导", "employment", False, "service_centre"),
    ("岗位撮合", "employment", False, "service_centre"),
    ("培训报名", "employment", False, "service_centre"),
    ("失业登记", "employment", False, "service_centre"),
    ("就业困难认定咨询", "employment", False, "service_centre"),
]


def forwards(apps, schema_editor):
    ServiceType = apps.get_model("cases", "ServiceType")
    Department = apps.get_model("zhuqiao", "Department")
    departments = {d.code: d for d in Department.objects.all()}
    for order, (name, category, startup, department_code) in enumerate(SERVICES, start=1):
        ServiceType.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "is_startup_service": startup,
                "default_department": departments.get(department_code),
                "sort_order": order * 10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_workflow_followups_attachments_ratings"),
        ("zhuqiao", "0003_departments"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
