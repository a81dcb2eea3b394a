import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veiligeplek.conf.settings.base")
application = get_wsgi_application()

# Import every view, then exempt what exists now from garbage collection: Django, the libraries
# and the reference data live as long as the process, and every full collection would walk
# them again. A match allocates enough to set off one every few requests, which was costly
# and made the slowest matches twice as slow as the median (docs/benchmarks.md).
get_resolver().url_patterns  # noqa: B018 - the import is the point
gc.freeze()
