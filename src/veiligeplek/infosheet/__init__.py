"""Information for the person herself, in her own language (issue: the information sheet).

What she is told is built from the case's routing decision and state (``sheet.py``, pure),
in the texts of one file per language (``texts/*.toml``, with their status; ``texts.py``), and
rendered as text, HTML or PDF (``render.py``). Showing or printing a case's sheet is audited
(``services.py``). The public pages carry the general information only.
"""
