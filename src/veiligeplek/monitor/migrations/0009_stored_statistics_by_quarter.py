"""A year and its quarters are now protected as one catalogue, with the implications between
dimensions (ADR 0010): answers stored before were protected one period at a time, and a
quarter stored so beside a year computed anew could be differenced. They are removed; the
next reader's answer, or the worker's, is computed anew."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitor", "StoredStatistics").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitor", "0008_catalogue_route_and_shelter")]

    operations = [migrations.RunPython(empty, migrations.RunPython.noop)]
