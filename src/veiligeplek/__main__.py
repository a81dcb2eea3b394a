"""The ``veiligeplek`` command: Django's management commands with hyphenated names.

``veiligeplek route FILE|-``, ``veiligeplek match FILE|-``, ``veiligeplek import-places FILE``,
``veiligeplek load-reference-data``, ``veiligeplek runserver`` … (``veiligeplek help`` lists all).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.base")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["veiligeplek", *args])


if __name__ == "__main__":
    main()
