"""Phone numbers are stored encrypted with a keyed hash for exact search (issue 16 point 5)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consultations.models import Booking, NoShowBlock
from jobmatching.models import Employer
from jobseekers.models import Person
from tests.factories.consultations import BookingFactory
from tests.factories.jobmatching import EmployerFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.personal_data import phone_hash


def _row_text(model: type, pk: int) -> str:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 (our table name)
        return " ".join(str(value) for value in cursor.fetchone())


@pytest.mark.django_db
def test_no_phone_number_is_stored_in_clear(area_a):
    person = PersonFactory(area=area_a, phone="13812340001")
    booking = BookingFactory(phone="13812340002")
    block = NoShowBlock.objects.create(
        phone="13812340003", blocked_until_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC), reason="测试"
    )
    employer = EmployerFactory(contact_phone="13812340004")
    for model, obj, number in [
        (Person, person, "13812340001"),
        (Booking, booking, "13812340002"),
        (NoShowBlock, block, "13812340003"),
        (Employer, employer, "13812340004"),
    ]:
        stored = _row_text(model, obj.pk)
        assert number not in stored, model
        assert "138****0001"[:7] in stored  # the masked form is kept for lists and the audit log
        fresh = model.objects.get(pk=obj.pk)
        assert fresh.phone == number
        assert fresh.phone_hash == phone_hash(number)
    assert Employer.objects.get(pk=employer.pk).contact_phone == "13812340004"


@pytest.mark.django_db
def test_the_person_search_finds_a_whole_mobile_number_by_its_keyed_hash(client_for, centre_user, area_a):
    PersonFactory(name="周全", area=area_a, phone="13812340011")
    PersonFactory(name="吴用", area=area_a, phone="13812340012")
    client = client_for(centre_user)
    response = client.post("/people/", {"_search": "1", "q": "138 1234 0011"})
    assert [p.name for p in client.get(response["Location"]).context["page"].object_list] == ["周全"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_phone_numbers_already_stored():
    executor = MigrationExecutor(connection)
    before = [("jobseekers", "0003_person_name_reversed_index"), ("jobmatching", "0001_initial")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    area = old.get_model("zhuqiao", "Area").objects.create(code="M01", name="迁移村", kind="village")
    old.get_model("jobseekers", "Person").objects.create(
        name="迁移人员",
        id_number_encrypted="x",
        id_number_hash="h" * 64,
        id_number_last4="0011",
        id_number_masked="310***********0011",
        sex="M",
        birth_date=datetime.date(1990, 5, 17),
        phone="13812340021",
        area=area,
    )
    old.get_model("jobmatching", "Employer").objects.create(name="迁移单位", area=area, contact_phone="021-5800 1234")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    person = Person.objects.get(name="迁移人员")
    assert person.phone == "13812340021"
    assert person.phone_hash == phone_hash("13812340021") and person.phone_masked == "138****0021"
    assert "13812340021" not in _row_text(Person, person.pk)
    employer = Employer.objects.get(name="迁移单位")
    assert employer.contact_phone == "02158001234"  # stored without spaces and dashes
