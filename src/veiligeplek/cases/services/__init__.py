"""Writes to cases: the only place where case data changes.

Every service is keyword-only, typed and atomic, takes an ``AuditContext`` (the acting user,
from where, why) and writes its audit event in the same transaction.
"""
