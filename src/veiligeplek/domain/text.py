"""Text that people type or import: control characters are refused at every entry point.

A NUL character cannot be stored by PostgreSQL at all (and SQLite stores it silently), and the
other control characters make names and notes that display differently from what was typed.
Tab, line feed and carriage return stay allowed (notes have lines). One definition for the web
(``accounts.middleware.ControlCharacterMiddleware``), the API, the CLI and the imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_MESSAGE = "bevat een stuurteken (bijvoorbeeld U+0000); typ de tekst opnieuw zonder"


def has_control_character(value: str) -> bool:
    return CONTROL_CHARACTER.search(value) is not None


def control_character_paths(value: object, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """The paths (keys and list indexes) of decoded JSON where a string, or a key, holds a
    control character."""
    if isinstance(value, str):
        if has_control_character(value):
            yield path
    elif isinstance(value, dict):
        for key, item in value.items():
            key_path = (*path, str(key))
            if isinstance(key, str) and has_control_character(key):
                yield key_path
            else:
                yield from control_character_paths(item, key_path)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from control_character_paths(item, (*path, str(index)))
