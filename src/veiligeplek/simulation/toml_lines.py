"""Where a key of a TOML file is written: a light scan of the text, for error messages.

``tomllib`` gives values without positions. The scan follows table headers (``[stay.wmo]``,
``[[arrivals]]`` counted per array) and ``key = value`` lines, and answers the line of the
longest written prefix of a key path: ``arrivals[1].facts.gender`` inside an inline table is
found at the line of ``facts = {...}``, a missing key at its table's header. It does not parse
values; multi-line strings and arrays are skipped well enough for a line number, not more.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Path = tuple[str | int, ...]

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-.\"' ]+?)\s*=")


def _split_key(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in text.split(".")]


def key_lines(text: str) -> dict[Path, int]:
    """Every table header and key written in ``text`` with its (first) line number."""
    lines: dict[Path, int] = {}
    table: Path = ()
    counts: dict[Path, int] = {}
    in_multiline = False
    for number, line in enumerate(text.splitlines(), start=1):
        if line.count('"""') % 2 == 1 or line.count("'''") % 2 == 1:
            in_multiline = not in_multiline
            if not in_multiline:
                continue
        if in_multiline and not _KEY.match(line):
            continue
        header = _HEADER.match(line)
        if header:
            keys: Path = tuple(_split_key(header.group(2)))
            if header.group(1) == "[[":
                index = counts.get(keys, 0)
                counts[keys] = index + 1
                table = (*keys, index)
            else:
                table = keys
            lines.setdefault(table, number)
            continue
        key = _KEY.match(line)
        if key and not line.lstrip().startswith("#"):
            lines.setdefault((*table, *_split_key(key.group(1))), number)
    return lines


def line_of(text: str, path: Sequence[str | int]) -> int | None:
    """The line of the longest prefix of ``path`` written in ``text`` (None: not at all)."""
    lines = key_lines(text)
    for end in range(len(path), 0, -1):
        found = lines.get(tuple(path[:end]))
        if found is not None:
            return found
    return None


def dotted(path: Sequence[str | int]) -> str:
    """``("arrivals", 0, "per_year")`` -> ``arrivals[0].per_year``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out
