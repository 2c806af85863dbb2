"""Demo data of the core: 74 demo committees and one login per role.

Demo committee names are marked （演示） so nobody mistakes them for the town's real list.
"""

from __future__ import annotations

from django.contrib.auth.models import Permission

from zhuqiao.models import Area, Department, User

DEMO_PASSWORD = "Zhuqiao-demo-2026"
VILLAGES = 44  # A01..A44 are villages (村), A45..A74 residential committees (居)

DEMO_USERS = [
    # username, display name, role, area code, department code, extra permissions
    ("centre", "王敏（中心）", User.Role.CENTRE, None, "service_centre", ["reveal_personal_data", "view_audit_log"]),
    ("committee_a01", "李强（演示01村）", User.Role.COMMITTEE, "A01", None, []),
    ("committee_a02", "张丽（演示02村）", User.Role.COMMITTEE, "A02", None, []),
    ("dept_youth", "陈晨（团委）", User.Role.DEPARTMENT, None, "youth_league", []),
    ("dept_market", "刘洋（市场监督管理所）", User.Role.DEPARTMENT, None, "market_supervision", []),
    ("leader", "周书记（领导小组）", User.Role.LEADER, None, None, []),
    ("admin", "系统管理员", User.Role.ADMIN, None, None, []),
]


def area_name(number: int) -> str:
    if number <= VILLAGES:
        return f"演示{number:02d}村（演示）"
    return f"演示{number:02d}居委（演示）"


def load() -> None:
    for number in range(1, 75):
        Area.objects.get_or_create(
            code=f"A{number:02d}",
            defaults={
                "name": area_name(number),
                "kind": Area.Kind.VILLAGE if number <= VILLAGES else Area.Kind.RESIDENTIAL,
            },
        )
    for username, display_name, role, area_code, department_code, perms in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "display_name": display_name,
                "role": role,
                "area": Area.objects.get(code=area_code) if area_code else None,
                "department": Department.objects.get(code=department_code) if department_code else None,
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": role == User.Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user.user_permissions.add(*Permission.objects.filter(codename__in=perms, content_type__app_label="zhuqiao"))
