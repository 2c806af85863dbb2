"""On PostgreSQL, an index on the reversed name, so that a given name alone (the end of a name)
is found by index as a surname or whole name (its beginning) already is: see
jobseekers.selectors.search_filter. text_pattern_ops serves LIKE 'x%' whatever the database's
collation. SQLite, the embedded default, scans its small register instead."""

from django.db import migrations

INDEX = "person_name_reversed_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX {INDEX} ON jobseekers_person ((reverse(name)) text_pattern_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("jobseekers", "0002_covering_area_indexes")]
    operations = [migrations.RunPython(forwards, backwards)]
