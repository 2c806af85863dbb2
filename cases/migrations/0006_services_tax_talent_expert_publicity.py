"""The services the plan names that the catalogue lacked: the tax office's guidance (税务所, 四(八))
and the 联动工作指导站's 人才服务, 专家服务 and 形象宣传 (四(一)). Only missing names are added."""

from django.db import migrations

# (name, category, is_startup_service, default department code, sort order)
SERVICES = [
    ("税务指导", "startup", False, "tax_27", 85),
    ("人才服务", "startup", False, "service_centre", 86),
    ("专家服务", "startup", False, "economic_centre", 87),
    ("形象宣传", "startup", False, "service_centre", 88),
]


def forwards(apps, schema_editor):
    ServiceType = apps.get_model("cases", "ServiceType")
    Department = apps.get_model("zhuqiao", "Department")
    departments = {d.code: d for d in Department.objects.all()}
    for name, category, startup, department_code, order in SERVICES:
        ServiceType.objects.get_or_create(
            name=name,
            defaults={
                "category": category,
                "is_startup_service": startup,
                "default_department": departments.get(department_code),
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_subject_person_venture_or_team"),
        ("zhuqiao", "0003_departments"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
