from tests.audit_check import every_case_request_is_audited_once  # noqa: F401
from tests.cases.conftest import people  # noqa: F401 - the roster fixture, shared
