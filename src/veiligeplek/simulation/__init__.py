"""Capacity simulation: what each policy option does to waiting and ad hoc placements.

A SimPy model of inflow, routing, matching and length of stay, driven by the same domain code
that places people today (``model.py``), read from TOML scenarios (``scenario.py``,
``changes.py``, the shipped ``scenarios/``), run in parallel through joblib (``runner.py``),
summarised with 95 % confidence intervals (``results.py``), searched for the fewest added
places (``search.py``), validated against Erlang C (``erlang.py``) and calibrated from the
registry and the case history (``calibrate.py``, the only module that reads the database).
For a page or a background task: ``runner.simulate(scenario, workers=..., progress=...)``
returns the result dict and reports (replications done, total). Decisions: ADR 0011.
"""
