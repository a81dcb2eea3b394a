"""Every variable the settings read is documented in .env.example (house style)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "src" / "veiligeplek" / "conf" / "settings" / "base.py"


def test_every_environment_variable_of_the_settings_is_in_env_example() -> None:
    read = set(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', SETTINGS.read_text()))
    documented = set(
        re.findall(r"^([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), flags=re.MULTILINE)
    )
    assert read, "no env_* calls found: has the settings module moved?"
    assert read - documented == set()
