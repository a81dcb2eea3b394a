"""Deadlines whose subject was already settled before the services finished them: a hold
expiry of a referral that was accepted, declined, withdrawn or expired, and a maximum stay of a
placement that ended. They are marked done at the moment they were settled, so that they leave
"Geplande termijnen"; the timeline already records what settled them."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def finish(apps: Any, schema_editor: Any) -> None:
    deadline_model = apps.get_model("cases", "Deadline")
    referral_model = apps.get_model("cases", "Referral")
    placement_model = apps.get_model("cases", "Placement")
    for deadline in deadline_model.objects.filter(done_at__isnull=True, kind="hold_expiry"):
        referral = referral_model.objects.filter(pk=deadline.detail.get("referral")).first()
        if referral is not None and referral.status != "pending":
            deadline.done_at = referral.responded_at or deadline.due_at
            deadline.save(update_fields=["done_at"])
    for deadline in deadline_model.objects.filter(done_at__isnull=True, kind="max_stay"):
        placement = placement_model.objects.filter(pk=deadline.detail.get("placement")).first()
        if placement is not None and placement.ended_at is not None:
            deadline.done_at = placement.ended_at
            deadline.save(update_fields=["done_at"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_matchsearch")]
    operations = [migrations.RunPython(finish, migrations.RunPython.noop)]
