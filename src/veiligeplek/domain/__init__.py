"""Pure domain core of Veilige Plek.

Nothing in this package imports Django or any of our Django apps (an import-linter contract in
``make test`` enforces it). Functions receive ``today``/``now`` as arguments, work on frozen
dataclasses and enums, and are the only place where routing, eligibility, ranking, assignment,
deadlines and disclosure are decided. The web app, the API, the CLI and the simulator call them.
"""
