"""The starting support-policy catalogue, in the terms Shanghai and Pudong use.

Ordinary rows: administrators edit, deactivate or add policies in the admin afterwards (the
amounts and conditions change every few years). Only missing names are added, so running this
on a database where an administrator already edited a policy changes nothing of it.
"""

from django.db import migrations

CATALOGUE = [
    # name, level, window in months (None: no start-up window), description, eligibility
    (
        "创业场地房租补贴",
        "district",
        36,
        "对在创业期内租用经营场地的初创企业，按实际租金给予一定比例的房租补贴。",
        "成立3年内、在本区注册并租赁经营场地的初创期创业组织；法定代表人为本市户籍或持居住证人员。",
    ),
    (
        "创业担保贷款及贴息",
        "city",
        None,
        "为符合条件的创业者和初创企业提供创业担保贷款，并按规定给予贷款贴息。",
        "持本市户籍或居住证的创业者，或成立不满3年的小微企业；按期还款的贷款可申请贴息。",
    ),
    (
        "初创期创业组织社会保险费补贴",
        "city",
        36,
        "对初创期创业组织为招用人员和本人缴纳的城镇职工社会保险费给予补贴。",
        "成立3年内、按规定为员工缴纳社会保险费的初创期创业组织。",
    ),
    (
        "一次性创业补贴",
        "city",
        36,
        "对首次创业、正常经营满一定期限的创业者给予一次性创业补贴。",
        "首次创办创业组织、正常经营1年以上且在创业期内的本市户籍创业者或符合条件的青年大学生。",
    ),
    (
        "创业带动就业补贴",
        "district",
        None,
        "对吸纳本区劳动者就业并按规定缴纳社会保险费的创业组织，按带动就业人数给予补贴。",
        "招用本区户籍劳动者、签订1年以上劳动合同并缴纳社会保险费的创业组织。",
    ),
    (
        "创业孵化基地入驻补贴",
        "district",
        36,
        "对入驻区级以上创业孵化基地、众创空间的初创项目给予场地费用补贴。",
        "入驻经认定的创业孵化基地或众创空间、成立3年内的创业组织。",
    ),
    (
        "镇级创业扶持奖励",
        "town",
        None,
        "祝桥镇对带动本镇居民就业、在特色产业领域创业成效突出的创业组织给予奖励。",
        "在祝桥镇注册经营、带动本镇居民就业或属于镇特色产业的创业组织，由镇创建领导小组评定。",
    ),
]


def add_catalogue(apps, schema_editor):
    Policy = apps.get_model("entrepreneurs", "Policy")
    for name, level, window, description, eligibility in CATALOGUE:
        Policy.objects.get_or_create(
            name=name,
            defaults={
                "level": level,
                "window_months": window,
                "description": description,
                "eligibility": eligibility,
                "is_active": True,
            },
        )


def remove_catalogue(apps, schema_editor):
    Policy = apps.get_model("entrepreneurs", "Policy")
    Policy.objects.filter(name__in=[row[0] for row in CATALOGUE], benefits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("entrepreneurs", "0002_role_models_photos_window_notices"),
    ]

    operations = [migrations.RunPython(add_catalogue, remove_catalogue)]
