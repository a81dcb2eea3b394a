from tests.cases.conftest import people  # noqa: F401 - the roster fixture, shared
