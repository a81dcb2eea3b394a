"""Veilige Plek: the national referral and placement system for shelter of trafficking victims."""

__version__ = "0.1.0"
