"""Settings: ``base`` reads everything from the environment; ``test`` overrides a few values."""
