"""Preload the public holidays and make-up working days (调休) that chinese_calendar knows."""

from django.db import migrations


def forwards(apps, schema_editor):
    from consultations.holidays import preload_calendar

    preload_calendar(apps.get_model("consultations", "CalendarDay"))


class Migration(migrations.Migration):
    dependencies = [("consultations", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
