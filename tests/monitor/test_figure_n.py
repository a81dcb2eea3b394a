"""A derived figure (median, p90, share) carries its n, and that n is itself a published
count: it is shown only as the sum of published cells of the catalogue (ADR 0010). A region's
tables hidden whole hide their zeros too (``protect_part``), so an n of 0 beside them would
give those zeros away; an n that is not the sum of its cells would publish a count the tables
do not hold."""

from __future__ import annotations

from veiligeplek.domain.disclosure import CountTable, PublishedCell, PublishedTable
from veiligeplek.monitor import figures as f
from veiligeplek.monitor.statistics import _figure_json

TABLE = "cases_by_route_and_shelter"  # the n of the times to placement


def _shown(n: int, cell: int | None) -> dict[str, object]:
    table = CountTable(TABLE, "cases", ("route", "shelter"), (f.routes(), ("suitable",)))
    published = PublishedTable(table, (PublishedCell(("*", "suitable"), cell),))
    figure = f.Figure("days_signal_to_suitable_placement", {"route": "all"}, n, 3.0, 9.0)
    return _figure_json(figure, {TABLE: published}, exact=False, limit=10)


def test_a_figure_shows_its_n_where_the_cell_behind_it_is_published() -> None:
    assert _shown(12, 12) == {
        "id": "days_signal_to_suitable_placement",
        "key": {"route": "all"},
        "n": 12,
        "median": 3.0,
        "p90": 9.0,
    }
    assert _shown(0, 0)["n"] == 0


def test_an_n_of_0_is_not_shown_beside_a_hidden_cell() -> None:
    assert _shown(0, None) == {
        "id": "days_signal_to_suitable_placement",
        "key": {"route": "all"},
        "suppressed": True,
    }


def test_an_n_that_is_not_the_sum_of_its_published_cells_is_not_shown() -> None:
    assert _shown(13, 12).get("suppressed") is True
    assert _shown(4, 4).get("suppressed") is True  # and below the threshold, as before
