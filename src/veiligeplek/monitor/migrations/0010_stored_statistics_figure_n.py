"""A figure's n is now shown only as the sum of its published cells, also at n = 0 (ADR 0010):
answers stored before could show an n of 0 beside a region's hidden cells, and would be served
until the data changed. They are removed; the next reader's answer, or the worker's, is
computed anew."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitor", "StoredStatistics").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitor", "0009_stored_statistics_by_quarter")]

    operations = [migrations.RunPython(empty, migrations.RunPython.noop)]
