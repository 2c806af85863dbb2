"""FIELD_ENCRYPTION_KEY may list several keys (newest first); rotate_field_key re-encrypts every row."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.test import override_settings

from jobseekers.models import Person
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry
from zhuqiao.personal_data import decrypt, encrypted_models

OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


def _stored(model: type, pk: int, field: str) -> str:
    return model._base_manager.values_list(field, flat=True).get(pk=pk)


@pytest.mark.django_db
def test_rotation_re_encrypts_every_encrypted_row_under_the_newest_key():
    with override_settings(FIELD_ENCRYPTION_KEY=OLD_KEY):
        people = PersonFactory.create_batch(3, phone="13912345678")
        numbers = {person.pk: person.id_number for person in people}
        before = {person.pk: _stored(Person, person.pk, "id_number_encrypted") for person in people}

    with override_settings(FIELD_ENCRYPTION_KEY=f"{NEW_KEY},{OLD_KEY}"):
        # both keys listed: old rows still read
        assert {pk: decrypt(token) for pk, token in before.items()} == numbers
        call_command("rotate_field_key", stdout=open("/dev/null", "w"))  # noqa: SIM115

    new_only = Fernet(NEW_KEY.encode())
    for model, fields in encrypted_models():
        for row in model._base_manager.values_list(*fields):
            for token in row:
                if token:
                    new_only.decrypt(token.encode())  # raises if any row is still under the old key
    assert {model._meta.label for model, _fields in encrypted_models()} >= {
        "jobseekers.Person",
        "consultations.Booking",
        "consultations.NoShowBlock",
        "jobmatching.Employer",
    }
    for person in people:
        token = _stored(Person, person.pk, "id_number_encrypted")
        assert token != before[person.pk]
        assert new_only.decrypt(token.encode()).decode() == numbers[person.pk]
        with pytest.raises(InvalidToken):
            Fernet(OLD_KEY.encode()).decrypt(token.encode())
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY):  # the old key can now be dropped
        assert {p.pk: p.id_number for p in Person.objects.filter(pk__in=numbers)} == numbers
        assert {p.phone for p in Person.objects.filter(pk__in=numbers)} == {"13912345678"}
    entry = AuditEntry.objects.get(object_type="zhuqiao.field_key")
    assert "re-encrypted" in entry.detail


def test_the_newest_key_encrypts_and_every_listed_key_decrypts():
    with override_settings(FIELD_ENCRYPTION_KEY=OLD_KEY):
        from zhuqiao.personal_data import encrypt

        token = encrypt("310104199005170011")
    with override_settings(FIELD_ENCRYPTION_KEY=f"{NEW_KEY}, {OLD_KEY}"):
        assert decrypt(token) == "310104199005170011"
        fresh = encrypt("310104199005170011")
    assert Fernet(NEW_KEY.encode()).decrypt(fresh.encode()) == b"310104199005170011"
    with override_settings(FIELD_ENCRYPTION_KEY=NEW_KEY), pytest.raises(ValueError):
        decrypt(token)
