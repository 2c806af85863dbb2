"""Personal data primitives: masking, encryption at rest and keyed hashes.

Every app that stores an ID number or phone number uses these, so the rules live in one place:
ID numbers are kept encrypted (Fernet, under FIELD_ENCRYPTION_KEY, never SECRET_KEY) beside an
HMAC-SHA256 of the normalised number (under FIELD_HASH_KEY) for uniqueness and exact search.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])")
_PHONE = re.compile(r"(?<!\d)(1\d{2})(\d{4})(\d{4})(?!\d)")


def normalise_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def mask_id_number(value: str | None) -> str:
    """``310***********1234``: first 3 and last 4 characters, the rest starred."""
    if not value:
        return ""
    value = normalise_id_number(value)
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    """``138****5678``."""
    if not value:
        return ""
    value = value.strip()
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def normalise_phone(value: str | None) -> str:
    """Digits of a phone number as stored and hashed: spaces and dashes dropped, no +86."""
    return re.sub(r"[\s-]", "", value or "").removeprefix("+86")


def phone_hash(value: str | None) -> str:
    """The keyed hash a stored phone number is found by (empty for no number)."""
    number = normalise_phone(value)
    return keyed_hash(number) if number else ""


def phone_columns(value: str | None) -> dict[str, str]:
    """The stored columns of a phone number (see zhuqiao.models.EncryptedPhoneModel), for
    ``objects.create(**phone_columns(number))`` and bulk inserts."""
    number = normalise_phone(value)
    return {
        "phone_encrypted": encrypt(number) if number else "",
        "phone_hash": phone_hash(number),
        "phone_masked": mask_phone(number),
    }


def mask_text(text: str) -> str:
    """Mask every ID number and mobile number found inside free text (logs, messages)."""
    text = _ID_NUMBER.sub(lambda m: mask_id_number(m.group(0)), text)
    return _PHONE.sub(lambda m: mask_phone(m.group(0)), text)


def encryption_keys() -> tuple[str, ...]:
    """The keys of ``FIELD_ENCRYPTION_KEY``, newest first: a comma-separated list during a rotation."""
    return tuple(key.strip() for key in settings.FIELD_ENCRYPTION_KEY.split(",") if key.strip())


@lru_cache(maxsize=4)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def _fernet() -> MultiFernet:
    """Encrypts under the newest key, decrypts under any listed key (cryptography's MultiFernet)."""
    return _multi_fernet(encryption_keys())


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key or tampered row: never fall back to clear text
        raise ValueError("Encrypted value cannot be decrypted with the configured key.") from exc


def reencrypt(token: str) -> str:
    """The same value encrypted under the newest key (unchanged text, fresh token)."""
    try:
        return _fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("Encrypted value cannot be decrypted with any configured key.") from exc


def encrypted_models() -> list[tuple[Any, tuple[str, ...]]]:
    """Every model holding ciphertexts, with the fields: those naming ``encrypted_fields``."""
    from django.apps import apps

    return [
        (model, tuple(getattr(model, "encrypted_fields", ())))
        for model in apps.get_models()
        if getattr(model, "encrypted_fields", None)
    ]


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 hex digest of a normalised value, for unique constraints and exact lookup."""
    return hmac.new(settings.FIELD_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def encrypt_phone_rows(model: Any, source: str, *, batch: int = 1000) -> int:
    """Data migrations: fill ``phone_encrypted``/``phone_hash``/``phone_masked`` of every row of a
    (historical) model from its clear-text column ``source``. Returns the rows converted."""
    done = 0
    rows = model._base_manager.exclude(**{source: ""}).order_by("pk").values_list("pk", source)
    pending = []
    for pk, value in rows.iterator(chunk_size=batch):
        number = normalise_phone(value)
        pending.append(
            model(
                pk=pk, phone_encrypted=encrypt(number), phone_hash=phone_hash(number), phone_masked=mask_phone(number)
            )
        )
        if len(pending) >= batch:
            model._base_manager.bulk_update(pending, ["phone_encrypted", "phone_hash", "phone_masked"])
            done, pending = done + len(pending), []
    if pending:
        model._base_manager.bulk_update(pending, ["phone_encrypted", "phone_hash", "phone_masked"])
        done += len(pending)
    return done


def decrypt_phone_rows(model: Any, target: str, *, batch: int = 1000) -> int:
    """The reverse of :func:`encrypt_phone_rows`: the clear-text column back from the ciphertext."""
    rows = model._base_manager.exclude(phone_encrypted="").order_by("pk").values_list("pk", "phone_encrypted")
    restored = [model(pk=pk, **{target: decrypt(token)}) for pk, token in rows.iterator(chunk_size=batch)]
    model._base_manager.bulk_update(restored, [target], batch_size=batch)
    return len(restored)
