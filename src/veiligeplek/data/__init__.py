"""Reference data shipped with the package, and pure-Python readers for it.

See SOURCES.md in this folder for provenance and licences (CBS/PDOK, CC BY 4.0: the UI shows
"Bron: CBS / PDOK"). Nothing here imports Django: the registry loads these rows into the
database, and the domain tests, the benchmarks and the simulator use them directly.
"""

from importlib.resources import files
from importlib.resources.abc import Traversable


def data_file(name: str) -> Traversable:
    return files(__name__).joinpath(name)
