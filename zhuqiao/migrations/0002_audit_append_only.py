"""On PostgreSQL, make the audit table append-only in the database itself: a trigger refuses
UPDATE and DELETE, so not even a bug or a raw SQL statement of the application can rewrite it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION zhuqiao_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER zhuqiao_auditentry_append_only
    BEFORE UPDATE OR DELETE ON zhuqiao_auditentry
    FOR EACH ROW EXECUTE FUNCTION zhuqiao_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS zhuqiao_auditentry_append_only ON zhuqiao_auditentry;
DROP FUNCTION IF EXISTS zhuqiao_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("zhuqiao", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
