"""Re-encrypt every encrypted column under the newest key of FIELD_ENCRYPTION_KEY.

A key rotation: put the new key first in FIELD_ENCRYPTION_KEY (``new,old``), restart, run this
command, then drop the old key. Rows already under the newest key are rewritten too (a fresh
token for the same text); nothing is decrypted to the log and the keyed hashes do not change.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from zhuqiao.audit import audit_context, audit_record
from zhuqiao.models import AuditEntry
from zhuqiao.personal_data import encrypted_models, reencrypt

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt every encrypted value (ID numbers, phone numbers) under the newest FIELD_ENCRYPTION_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        with audit_context(source="rotate_field_key"):
            for model, fields in encrypted_models():
                count = self._rotate(model, fields)
                total += count
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
            audit_record(
                action=AuditEntry.Action.UPDATE,
                object_type="zhuqiao.field_key",
                object_repr="FIELD_ENCRYPTION_KEY",
                detail=f"key rotation: {total} rows re-encrypted under the newest key",
            )
        self.stdout.write(self.style.SUCCESS(f"{total} rows re-encrypted under the newest key"))

    def _rotate(self, model: Any, fields: tuple[str, ...]) -> int:
        count = 0
        manager = model._base_manager
        last_pk = None
        while True:
            with transaction.atomic():
                rows = manager.order_by("pk").select_for_update()
                if last_pk is not None:
                    rows = rows.filter(pk__gt=last_pk)
                values = list(rows.values_list("pk", *fields)[:BATCH])
                if not values:
                    return count
                # bare instances (no from_db): bulk_update sends no signals, so the audit log gets
                # one entry for the whole run, not one per row
                batch = [
                    model(
                        pk=pk,
                        **{
                            field: reencrypt(token) if token else token
                            for field, token in zip(fields, tokens, strict=True)
                        },
                    )
                    for pk, *tokens in values
                ]
                manager.bulk_update(batch, list(fields))
                count += len(batch)
                last_pk = batch[-1].pk
