"""On PostgreSQL, a second guard against emptying the audit table: a statement trigger refuses
TRUNCATE by any role other than the table's owner (the role migrations run as).

The first guard is the privileges: the web and the worker connect as the application role,
which is granted no TRUNCATE (``manage.py grant_app_role``). The trigger still holds if somebody
grants it by mistake. The owner keeps TRUNCATE: it is how the test suite empties its database.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION zhuqiao_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
        RAISE EXCEPTION 'audit entries cannot be truncated';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER zhuqiao_auditentry_refuse_truncate
    BEFORE TRUNCATE ON zhuqiao_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION zhuqiao_audit_refuse_truncate();
"""

DROP = """
DROP TRIGGER IF EXISTS zhuqiao_auditentry_refuse_truncate ON zhuqiao_auditentry;
DROP FUNCTION IF EXISTS zhuqiao_audit_refuse_truncate();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("zhuqiao", "0003_departments")]
    operations = [migrations.RunPython(forwards, backwards)]
