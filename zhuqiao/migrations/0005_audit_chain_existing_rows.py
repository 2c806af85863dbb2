"""Chain the audit entries written before the hash chain existed (in id order), and let the
PostgreSQL trigger allow exactly one kind of DELETE: of entries older than 184 days, by the
archive command (which sets ``zhuqiao.audit_archive`` for its transaction). UPDATE stays refused."""

from django.db import migrations

from zhuqiao import audit_chain

RETENTION_FUNCTION = """
CREATE OR REPLACE FUNCTION zhuqiao_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND OLD.at < now() - interval '184 days'
       AND current_setting('zhuqiao.audit_archive', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit entries are append-only (entries younger than 184 days are never removed)';
END;
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION zhuqiao_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGER = "zhuqiao_auditentry_append_only"


def chain_existing(apps, schema_editor):
    AuditEntry = apps.get_model("zhuqiao", "AuditEntry")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(f"ALTER TABLE zhuqiao_auditentry DISABLE TRIGGER {TRIGGER}")
    prev = ""
    batch = []
    for entry in AuditEntry._base_manager.order_by("id").iterator(chunk_size=2000):
        entry.prev_hash = prev
        entry.entry_hash = prev = audit_chain.entry_hash(entry, prev)
        batch.append(entry)
        if len(batch) >= 1000:
            AuditEntry._base_manager.bulk_update(batch, ["prev_hash", "entry_hash"])
            batch = []
    if batch:
        AuditEntry._base_manager.bulk_update(batch, ["prev_hash", "entry_hash"])
    if postgres:
        schema_editor.execute(f"ALTER TABLE zhuqiao_auditentry ENABLE TRIGGER {TRIGGER}")
        schema_editor.execute(RETENTION_FUNCTION)


def unchain(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("zhuqiao", "0004_audit_hash_chain")]
    operations = [migrations.RunPython(chain_existing, unchain)]
