"""The venture pages: registering for a founder, duplicates refused, benefits, start-up services,
role models with permission-checked photos, scoping (404 across committees) and query counts."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cases.models import Case, Category, ServiceType
from cases.startup import startup_services_for_venture
from entrepreneurs.models import Policy, PolicyBenefit, RoleModel, RoleModelPhoto, Venture
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import (
    PolicyBenefitFactory,
    PolicyFactory,
    RoleModelFactory,
    VentureFactory,
    rent_subsidy,
)
from tests.factories.ids import credit_code
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


def _venture_post(person, area, **overrides):
    data = {
        "credit_code": credit_code(),
        "name": "上海祝桥智慧物流有限公司",
        "kind": Venture.Kind.ENTERPRISE,
        "registered_on": "2025-05-20",
        "area": area.pk,
        "industry": "smart_logistics",
        "founder": person.pk,
        "jobs_created": 6,
    }
    data.update(overrides)
    return data


def test_centre_staff_register_a_venture_for_a_founder(client_for, centre_user, area_a):
    founder = PersonFactory(name="陈建国", area=area_a)
    data = _venture_post(founder, area_a, credit_code=credit_code(7).lower())
    response = client_for(centre_user).post("/ventures/new/", data)
    venture = Venture.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ventures/{venture.pk}/"
    assert venture.credit_code == credit_code(7)  # stored upper case
    assert venture.founder == founder
    assert venture.area == area_a
    page = client_for(centre_user).get(response["Location"]).content.decode()
    assert "陈建国" in page
    assert founder.masked_id_number in page


def test_a_duplicate_credit_code_is_refused_with_a_link_to_the_existing_venture(client_for, centre_user, area_a):
    existing = VentureFactory(name="祝桥商贸有限公司", area=area_a)
    founder = PersonFactory(area=area_a)
    response = client_for(centre_user).post(
        "/ventures/new/", _venture_post(founder, area_a, credit_code=existing.credit_code)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "已登记为“祝桥商贸有限公司”" in page
    assert f'href="/ventures/{existing.pk}/"' in page
    assert Venture.objects.count() == 1


def test_a_duplicate_of_another_committee_is_refused_without_a_link(client_for, committee_user_a, area_a, area_b):
    existing = VentureFactory(area=area_b)
    founder = PersonFactory(area=area_a)
    response = client_for(committee_user_a).post(
        "/ventures/new/", _venture_post(founder, area_a, credit_code=existing.credit_code)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "已由其他居村委登记" in page
    assert f"/ventures/{existing.pk}/" not in page


def test_a_wrong_check_digit_keeps_what_was_typed_and_says_why(client_for, centre_user, area_a):
    founder = PersonFactory(area=area_a)
    code = credit_code()
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client_for(centre_user).post("/ventures/new/", _venture_post(founder, area_a, credit_code=bad))
    assert response.status_code == 400
    page = response.content.decode()
    assert "校验位错误" in page
    assert "上海祝桥智慧物流有限公司" in page  # the name typed is still in the form
    assert f'value="{founder.pk}"' in page and "checked" in page  # and the founder chosen
    assert not Venture.objects.exists()


def test_committee_staff_cannot_pick_a_founder_of_another_committee(client_for, committee_user_a, area_a, area_b):
    stranger = PersonFactory(area=area_b)
    response = client_for(committee_user_a).post("/ventures/new/", _venture_post(stranger, area_a))
    assert response.status_code == 400
    assert "请从搜索结果中选择创业者" in response.content.decode()
    assert not Venture.objects.exists()


def test_committee_staff_cannot_register_in_another_committee(client_for, committee_user_a, area_a, area_b):
    founder = PersonFactory(area=area_a)
    response = client_for(committee_user_a).post("/ventures/new/", _venture_post(founder, area_b))
    assert response.status_code == 400
    assert not Venture.objects.exists()


def test_founder_search_finds_by_name_and_last_four_within_scope(client_for, committee_user_a, area_a, area_b):
    mine = PersonFactory(name="王小明", area=area_a)
    PersonFactory(name="王小红", area=area_b)
    client = client_for(committee_user_a)
    page = client.get("/ventures/founders/", {"founder_q": "王小"}).content.decode()
    assert "王小明" in page and "王小红" not in page
    page = client.get("/ventures/founders/", {"founder_q": mine.id_number_last4}).content.decode()
    assert "王小明" in page
    assert mine.id_number not in page  # masked only


def test_committee_staff_cannot_open_a_venture_of_another_committee(client_for, committee_user_b, area_a):
    venture = VentureFactory(area=area_a)
    client = client_for(committee_user_b)
    for url in (
        f"/ventures/{venture.pk}/",
        f"/ventures/{venture.pk}/edit/",
        f"/ventures/{venture.pk}/benefits/new/",
        f"/ventures/{venture.pk}/role-models/new/",
    ):
        assert client.get(url).status_code == 404, url
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED, object_id=str(venture.pk)).exists()
    assert venture.name not in client.get("/ventures/").content.decode()


def test_department_staff_see_no_venture_register(client_for, department_user, area_a):
    venture = VentureFactory(area=area_a)
    client = client_for(department_user)
    assert venture.name not in client.get("/ventures/").content.decode()
    assert client.get(f"/ventures/{venture.pk}/").status_code == 404
    assert client.get("/ventures/new/").status_code == 403


def test_leaders_read_but_cannot_register(client_for, leader_user, area_a):
    venture = VentureFactory(area=area_a)
    client = client_for(leader_user)
    assert client.get(f"/ventures/{venture.pk}/").status_code == 200
    assert client.get("/ventures/new/").status_code == 403
    assert client.post(f"/ventures/{venture.pk}/benefits/new/", {}).status_code == 403


def test_list_filters(client_for, centre_user, area_a, area_b):
    policy = PolicyFactory()
    with_policy = VentureFactory(
        # Registered a year ago: inside the 36-month start-up phase whatever today is.
        name="有政策公司",
        area=area_a,
        industry="iot",
        registered_on=timezone.localdate() - datetime.timedelta(days=365),
    )
    PolicyBenefitFactory(venture=with_policy, policy=policy)
    VentureFactory(name="无政策公司", area=area_b, industry="other", registered_on=datetime.date(2019, 1, 2))
    client = client_for(centre_user)

    def names(**query):
        page = client.get("/ventures/", query).content.decode()
        return {n for n in ("有政策公司", "无政策公司") if n in page}

    assert names() == {"有政策公司", "无政策公司"}
    assert names(policy="yes") == {"有政策公司"}
    assert names(policy="no") == {"无政策公司"}
    assert names(area=area_b.pk) == {"无政策公司"}
    assert names(industry="iot") == {"有政策公司"}
    assert names(year=2019) == {"无政策公司"}
    assert names(startup_phase="yes") == {"有政策公司"}
    assert names(startup_phase="no") == {"无政策公司"}
    assert names(q=with_policy.credit_code.lower()) == {"有政策公司"}


def test_venture_list_queries_do_not_grow_with_rows(client_for, centre_user, area_a, django_assert_max_num_queries):
    client = client_for(centre_user)
    VentureFactory.create_batch(3, area=area_a)
    with django_assert_max_num_queries(12) as small:
        client.get("/ventures/")
    VentureFactory.create_batch(30, area=area_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/ventures/").status_code == 200


def test_venture_page_queries_do_not_grow_with_benefits(client_for, centre_user, area_a, django_assert_max_num_queries):
    venture = VentureFactory(area=area_a, registered_on=datetime.date(2024, 1, 10))
    policies = [PolicyFactory(name=f"测试政策{i}") for i in range(6)]
    PolicyBenefitFactory(venture=venture, policy=policies[0])
    client = client_for(centre_user)
    with django_assert_max_num_queries(20) as few:
        client.get(f"/ventures/{venture.pk}/")
    for policy in policies[1:]:
        PolicyBenefitFactory(venture=venture, policy=policy)
    RoleModelFactory(venture=venture)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        assert client.get(f"/ventures/{venture.pk}/").status_code == 200


@pytest.mark.parametrize("url", ["/ventures/policies/", "/ventures/opportunities/", "/ventures/role-models/"])
def test_other_list_pages_queries_do_not_grow(client_for, centre_user, area_a, url, django_assert_max_num_queries):
    client = client_for(centre_user)
    policy = rent_subsidy()

    def add(n):
        for _ in range(n):
            venture = VentureFactory(area=area_a, registered_on=datetime.date(2025, 3, 1))
            PolicyBenefitFactory(venture=venture, policy=policy)
            RoleModelFactory(venture=venture)

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_recording_a_benefit_shows_on_the_venture_and_in_the_policys_list(client_for, centre_user, area_a):
    venture = VentureFactory(name="祝桥云仓物流有限公司", area=area_a, registered_on=datetime.date(2025, 3, 1))
    rent = rent_subsidy()
    client = client_for(centre_user)
    response = client.post(
        f"/ventures/{venture.pk}/benefits/new/", {"policy": rent.pk, "granted_on": "2025-09-01", "amount": "18000"}
    )
    assert response.status_code == 302
    benefit = PolicyBenefit.objects.get()
    assert (benefit.venture, benefit.policy, benefit.amount) == (venture, rent, Decimal("18000"))
    assert "创业场地房租补贴" in client.get(f"/ventures/{venture.pk}/").content.decode()
    page = client.get(f"/ventures/policies/{rent.pk}/").content.decode()
    assert "祝桥云仓物流有限公司" in page
    assert "¥18,000.00" in page


def test_a_benefit_before_registration_or_repeated_is_refused(client_for, centre_user, area_a):
    venture = VentureFactory(area=area_a, registered_on=datetime.date(2025, 3, 1))
    rent = rent_subsidy()
    client = client_for(centre_user)
    url = f"/ventures/{venture.pk}/benefits/new/"
    response = client.post(url, {"policy": rent.pk, "granted_on": "2025-02-01", "amount": "100"})
    assert response.status_code == 400
    assert "不能早于创业组织的成立日期" in response.content.decode()
    assert client.post(url, {"policy": rent.pk, "granted_on": "2025-04-01"}).status_code == 302
    response = client.post(url, {"policy": rent.pk, "granted_on": "2025-04-01"})
    assert response.status_code == 400
    assert "已登记过同一政策" in response.content.decode()
    response = client.post(url, {"policy": rent.pk, "granted_on": "2025-05-01", "amount": "-5"})
    assert response.status_code == 400
    assert PolicyBenefit.objects.count() == 1


def test_policy_totals_per_year_and_level(client_for, centre_user, committee_user_a, area_a, area_b):
    city = PolicyFactory(name="市级测试政策", level=Policy.Level.CITY)
    district = PolicyFactory(name="区级测试政策", level=Policy.Level.DISTRICT)
    v1, v2 = VentureFactory(area=area_a), VentureFactory(area=area_b)
    PolicyBenefitFactory(venture=v1, policy=city, granted_on=datetime.date(2025, 6, 1), amount=Decimal("100"))
    PolicyBenefitFactory(venture=v1, policy=city, granted_on=datetime.date(2025, 7, 1), amount=Decimal("50"))
    PolicyBenefitFactory(venture=v2, policy=city, granted_on=datetime.date(2025, 7, 1), amount=Decimal("30"))
    PolicyBenefitFactory(venture=v2, policy=district, granted_on=datetime.date(2024, 7, 1), amount=Decimal("7"))
    from entrepreneurs.selectors import benefit_totals

    rows = {(r.year, r.level): (r.grants, r.ventures, r.amount) for r in benefit_totals(user=centre_user)}
    assert rows == {(2025, "city"): (3, 2, Decimal("180")), (2024, "district"): (1, 1, Decimal("7"))}
    mine = {(r.year, r.level): (r.grants, r.ventures, r.amount) for r in benefit_totals(user=committee_user_a)}
    assert mine == {(2025, "city"): (2, 1, Decimal("150"))}


def _startup_services():
    names = ["法人一证通激活", "社保开户", "银行开户咨询", "政策咨询"]
    services = []
    for order, name in enumerate(names):
        service, _ = ServiceType.objects.update_or_create(
            name=name, defaults={"category": Category.STARTUP, "is_startup_service": True, "sort_order": order}
        )
        services.append(service)
    return services


def test_venture_page_shows_startup_services_had_and_logs_a_missing_one(client_for, centre_user, area_a):
    one_id, social, *others = _startup_services()
    venture = VentureFactory(area=area_a)
    had = CaseFactory(person=None, venture=venture, service=social)
    client = client_for(centre_user)
    page = client.get(f"/ventures/{venture.pk}/").content.decode()
    assert had.ref in page
    assert f"/ventures/{venture.pk}/startup-services/{one_id.pk}/" in page
    assert f"/ventures/{venture.pk}/startup-services/{social.pk}/" not in page
    assert all(f"/ventures/{venture.pk}/startup-services/{s.pk}/" in page for s in others)
    response = client.post(f"/ventures/{venture.pk}/startup-services/{one_id.pk}/")
    assert response.status_code == 302
    case = Case.objects.get(service=one_id)
    assert (case.venture, case.area, case.owner) == (venture, area_a, centre_user)
    assert (
        f"/ventures/{venture.pk}/startup-services/{one_id.pk}/"
        not in client.get(f"/ventures/{venture.pk}/").content.decode()
    )


def test_startup_checklist_counts_a_service_as_given_only_when_its_case_is_closed(client_for, centre_user, area_a):
    one_id, social, bank, _advice = _startup_services()
    venture = VentureFactory(area=area_a)
    CaseFactory(person=None, venture=venture, service=one_id, status=Case.Status.CLOSED)
    untouched = CaseFactory(person=None, venture=venture, service=social, status=Case.Status.NEW)
    CaseFactory(person=None, venture=venture, service=bank, status=Case.Status.CANCELLED)
    rows = {row["service"].name: row["state"] for row in startup_services_for_venture(venture=venture)}
    assert rows == {"法人一证通激活": "given", "社保开户": "open", "银行开户咨询": "missing", "政策咨询": "missing"}
    page = client_for(centre_user).get(f"/ventures/{venture.pk}/").content.decode()
    section = page.split('id="startup-title"')[1].split("</section>")[0]
    assert section.count("已服务") == 1
    assert section.count("办理中") == 1
    assert untouched.ref in section
    # a withdrawn case leaves the service to be logged again
    assert f"/ventures/{venture.pk}/startup-services/{bank.pk}/" in section


def test_only_startup_services_can_be_logged_from_the_venture_page(client_for, centre_user, area_a):
    other = ServiceType.objects.create(name="岗位撮合（测试）", category=Category.EMPLOYMENT)
    venture = VentureFactory(area=area_a)
    assert client_for(centre_user).post(f"/ventures/{venture.pk}/startup-services/{other.pk}/").status_code == 404
    assert not Case.objects.filter(venture=venture).exists()


def test_venture_page_embeds_the_cases_and_carrier_panels(client_for, centre_user, area_a):
    venture = VentureFactory(area=area_a)
    page = client_for(centre_user).get(f"/ventures/{venture.pk}/").content.decode()
    assert f'hx-get="/cases/panel/?venture={venture.pk}"' in page
    assert f'hx-get="/carriers/panel/?venture={venture.pk}"' in page


def _png(color=(200, 30, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(buffer, format="PNG")
    return SimpleUploadedFile("我的 照片.png", buffer.getvalue(), content_type="image/png")


def test_role_model_of_a_founder_with_a_photo_served_only_in_scope(
    client_for, centre_user, committee_user_a, committee_user_b, area_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    venture = VentureFactory(area=area_a)
    client = client_for(committee_user_a)
    response = client.post(
        f"/ventures/{venture.pk}/role-models/new/",
        {"subject": "founder", "year": 2025, "title": "返乡创业带头人", "story": "回村开办物流公司。"},
    )
    role_model = RoleModel.objects.get()
    assert response.status_code == 302
    assert (role_model.person, role_model.venture, role_model.area) == (venture.founder, None, area_a)
    response = client.post(role_model.get_absolute_url(), {"image": _png(), "caption": "开业仪式"})
    assert response.status_code == 302
    photo = RoleModelPhoto.objects.get()
    assert "我的" not in photo.image.name and photo.image.name.endswith(".png")
    assert photo.image.name.startswith("role_models/")
    url = f"/ventures/role-models/photos/{photo.pk}/"
    served = client.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert client_for(centre_user).get(url).status_code == 200
    assert client_for(committee_user_b).get(url).status_code == 404
    assert client_for(committee_user_b).get(role_model.get_absolute_url()).status_code == 404


def test_a_file_that_is_no_image_is_refused(client_for, centre_user, area_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    role_model = RoleModelFactory(venture=VentureFactory(area=area_a))
    fake = SimpleUploadedFile("x.png", b"<script>alert(1)</script>", content_type="image/png")
    response = client_for(centre_user).post(role_model.get_absolute_url(), {"image": fake})
    assert response.status_code == 400
    assert not RoleModelPhoto.objects.exists()


def test_a_venture_is_a_role_model_once_a_year(client_for, centre_user, area_a):
    venture = VentureFactory(area=area_a)
    RoleModelFactory(venture=venture, year=2025)
    response = client_for(centre_user).post(
        f"/ventures/{venture.pk}/role-models/new/",
        {"subject": "venture", "year": 2025, "title": "再次", "story": "……"},
    )
    assert response.status_code == 400
    assert "已是2025年度的创业典型" in response.content.decode()
    assert RoleModel.objects.count() == 1


def test_deregistering_needs_a_date(client_for, centre_user, area_a):
    venture = VentureFactory(area=area_a)
    client = client_for(centre_user)
    data = _venture_post(venture.founder, area_a, credit_code=venture.credit_code, status="deregistered")
    data["registered_on"] = venture.registered_on.isoformat()
    response = client.post(f"/ventures/{venture.pk}/edit/", data)
    assert response.status_code == 400
    assert "必须填写注销日期" in response.content.decode()
    data["deregistered_on"] = "2026-01-05"
    assert client.post(f"/ventures/{venture.pk}/edit/", data).status_code == 302
    venture.refresh_from_db()
    assert (venture.status, venture.deregistered_on) == ("deregistered", datetime.date(2026, 1, 5))
