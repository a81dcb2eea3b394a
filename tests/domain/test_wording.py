"""``domain.wording``: Dutch ``str`` values that remember how they were made."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from dataclasses import dataclass

import orjson
import pytest

from veiligeplek.domain import wording as w


@dataclass
class English:
    """A speaker with a small catalogue, as the web layer's is."""

    language: str = "en"

    def term(self, text: str, context: str) -> str | None:
        return {"vrouwen": "women", "%(items)s en %(last)s": "%(items)s and %(last)s"}.get(text)

    def date(self, day: dt.date) -> str:
        return day.strftime("%d %B %Y")

    def country(self, code: str) -> str:
        return {"PL": "Poland"}.get(code, code)

    def language_name(self, code: str) -> str:
        return {"es": "Spanish"}.get(code, code)


TEXTS = [
    w.Listing([w.Term("vrouwen"), w.Country("PL")]),
    w.Sentence(w.Term("%(a)s spreekt"), a=w.Language("es")),
    w.Joined(w.Term("vrouwen"), w.Day(dt.date(2027, 2, 26))),
]


@pytest.mark.parametrize("text", TEXTS, ids=type)
def test_a_text_is_its_dutch_string_everywhere_and_survives_pickling(text: w.Words) -> None:
    plain = str.__str__(text)
    assert json.loads(json.dumps(text)) == plain == orjson.loads(orjson.dumps(text))
    back = pickle.loads(pickle.dumps(text))  # noqa: S301 - our own object
    assert back == text and type(back) is type(text)
    assert w.say(back, English()) == w.say(text, English())


def test_a_speaker_says_every_part_and_a_missing_part_keeps_the_whole_text_dutch() -> None:
    assert str(TEXTS[0]) == "vrouwen en Polen"
    assert w.say(TEXTS[0], English()) == ("women and Poland", True)
    assert w.say(TEXTS[2], English()) == ("women 26 February 2027", True)
    # "%(a)s spreekt" has no English: the whole sentence stays Dutch, reported as untranslated.
    assert w.say(TEXTS[1], English()) == ("Spaans spreekt", False)
