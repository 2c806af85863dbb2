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


def encrypted_models() -> list[tuple[type, tuple[str, ...]]]:
    """Every model holding ciphertexts, with the fields: those naming ``encrypted_fields``."""
    from django.apps import apps

    return [
        (model, tuple(model.encrypted_fields))
        for model in apps.get_models()
        if getattr(model, "encrypted_fields", None)
    ]


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 hex digest of a normalised value, for unique constraints and exact lookup."""
    return hmac.new(settings.FIELD_HASH_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
