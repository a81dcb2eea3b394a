from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from veiligeplek.registry.reference import reference_data_load


class Command(BaseCommand):
    help = (
        "Laad de referentiedata (CBS-gemeenten 2025, provincies, politie-eenheden, regio's). "
        "Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = reference_data_load()
        self.stdout.write(
            f"{summary.municipalities} gemeenten, {summary.provinces} provincies, "
            f"{summary.police_units} politie-eenheden, "
            f"{summary.safety_regions} veiligheidsregio's; "
            f"{summary.care_regions_created} zorgcoördinatieregio's aangemaakt. Bron: CBS / PDOK."
        )
