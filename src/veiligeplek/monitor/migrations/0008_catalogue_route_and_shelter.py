"""The catalogue's route tables "placed" and "placed suitably" became one route x shelter
table (ADR 0010): the monthly summary and the stored answers hold the old tables, so both are
emptied. The next refresh refills the summary from ``CaseFlow`` (``summary.missing``) and the
next reader's answer is computed anew."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def empty(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("monitor", "FlowCount").objects.all().delete()
    apps.get_model("monitor", "StoredStatistics").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("monitor", "0007_stored_statistics")]

    operations = [migrations.RunPython(empty, migrations.RunPython.noop)]
