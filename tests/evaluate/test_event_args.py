"""Event-argument scoring: which gold events are scored, and how fields match gold arguments."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from warledger.errors import EvaluationError
from warledger.evaluate.event_args import (
    GoldArgument,
    GoldEvent,
    load_families,
    matches,
    read_events,
    run,
    score_event,
)
from warledger.extract.nlp import load_nlp
from warledger.model import Event, EventField, EventType, Modality, Span


def record(text: str, trigger: str, event_type: str, **arguments: str | tuple[str, list[str]]) -> dict[str, Any]:
    """A corpus record whose trigger and arguments are the first occurrences of the words given."""

    def offsets(word: str) -> dict[str, Any]:
        start = text.index(word)
        return {"start": start, "end": start + len(word), "text": word}

    args = []
    for role, value in arguments.items():
        word, coref = value if isinstance(value, tuple) else (value, [])
        args.append({"role": role, **offsets(word), "coref_mentions": [offsets(c) for c in coref]})
    return {"id": f"r{len(text)}", "text": text, "trigger": offsets(trigger), "event_type": event_type, "arguments": args}


def write(tmp_path: Path, records: list[dict[str, Any]]) -> Path:
    path = tmp_path / "args.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def event_with(*fields: tuple[str, int, int]) -> Event:
    span = Span("d", 0, 0, 1, "x")
    return Event(
        "e", "d", EventType.ATTACK, Modality.ASSERTED, 0, span,
        [EventField(role, "v", Span("d", 0, start, end, "v")) for role, start, end in fields],
    )


def test_attack_and_transfer_records_are_scored_money_sanctions_and_deaths_are_not(tmp_path: Path) -> None:
    text = "Rebels attacked the base. Iran sold drones to Russia. Banks paid fines. He died."
    path = write(tmp_path, [
        record(text, "attacked", "conflict.attack.n/a", attacker="Rebels", target="base"),
        record(text, "sold", "Transaction.ExchangeBuySell.Unspecified", Giver="Iran", AcquiredEntity="drones"),
        record(text, "paid", "transaction.transfermoney.n/a", giver="Banks"),
        record(text, "sold", "transaction.transferownership.embargosanction", giver="Iran"),
        record(text, "died", "life.die.n/a", victim="He"),
    ])
    events = read_events(path, load_families())
    assert [e.family.name for e in events] == ["attack", "transfer"]
    assert [(a.role, a.spans[0]) for a in events[1].arguments] == [
        ("giver", (text.index("Iran"), text.index("Iran") + 4)),
        ("artifact", (text.index("drones"), text.index("drones") + 6)),
    ]


def test_gold_roles_map_onto_the_scored_names(tmp_path: Path) -> None:
    text = "A bomb exploded in the market."
    path = write(tmp_path, [record(text, "exploded", "Conflict.Attack.DetonateExplode", ExplosiveDevice="bomb", Place="market")])
    (event,) = read_events(path, load_families())
    assert [a.role for a in event.arguments] == ["instrument", "place"]


def test_the_limit_counts_scored_records(tmp_path: Path) -> None:
    text = "Rebels attacked the base. He died."
    path = write(tmp_path, [
        record(text, "died", "life.die.n/a"),
        record(text, "attacked", "conflict.attack.n/a"),
        record(text, "attacked", "conflict.attack.n/a"),
    ])
    assert len(read_events(path, load_families(), limit=1)) == 1


def test_a_line_that_is_not_a_record_is_an_evaluation_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x"}\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match="line 1"):
        read_events(path, load_families())


def test_matching_is_one_to_one() -> None:
    gold = [GoldArgument("target", ((0, 5),))]
    assert matches([(0, 5), (0, 5)], gold, lambda p, g: p == g) == 1


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(21, 40)), max_size=6))
def test_matches_never_exceed_predictions_or_gold(predicted: list[tuple[int, int]]) -> None:
    gold = [GoldArgument("target", ((0, 30),)), GoldArgument("target", ((5, 25),))]
    found = matches(predicted, gold, lambda p, g: p[0] <= g[0] < p[1])
    assert found <= min(len(predicted), len(gold))


def test_head_match_accepts_a_span_with_the_gold_head_exact_does_not() -> None:
    text = "Gunmen attacked the old hospital in Kharkiv."
    doc = load_nlp()(text)
    gold = GoldEvent("r", text, (7, 15), load_families()[0], (
        GoldArgument("target", ((text.index("the old"), text.index(" in")),)),
        GoldArgument("place", ((text.index("Kharkiv"), text.index("Kharkiv") + 7),)),
    ))
    hospital = (text.index("old"), text.index(" in"))
    tallies = score_event(doc, gold, event_with(("target", *hospital), ("attacker", 0, 6)))
    assert (tallies["target"].exact, tallies["target"].head) == (0, 1)
    assert (tallies["attacker"].predicted, tallies["attacker"].gold, tallies["attacker"].head) == (1, 0, 0)
    assert (tallies["place"].predicted, tallies["place"].gold) == (0, 1)


def test_a_coreferent_mention_of_the_argument_matches() -> None:
    text = "The militia said it attacked the town."
    doc = load_nlp()(text)
    militia = (text.index("militia"), text.index("militia") + 7)
    it = (text.index(" it ") + 1, text.index(" it ") + 3)
    gold = GoldEvent("r", text, (20, 28), load_families()[0], (GoldArgument("attacker", (it, militia)),))
    tallies = score_event(doc, gold, event_with(("attacker", *militia)))
    assert (tallies["attacker"].exact, tallies["attacker"].head) == (1, 1)


def test_run_reports_the_fixed_keys_as_shares_for_every_role(tmp_path: Path) -> None:
    text = "Russian forces shelled Kharkiv on Monday."
    path = write(tmp_path, [record(text, "shelled", "conflict.attack.n/a", attacker="Russian forces", target="Kharkiv")])
    report = run(path)
    assert report.documents == 1
    assert set(report.figures) == {"attack_transfer", "per_role"}
    assert set(report.figures["attack_transfer"]) == {"exact_f1", "head_f1"}
    assert set(report.figures["per_role"]) == {"attacker", "target", "instrument", "place", "giver", "recipient", "artifact"}
    assert report.figures["per_role"]["attacker"]["exact_f1"] == 1.0
    assert all(0.0 <= v <= 1.0 for role in report.figures["per_role"].values() for v in role.values())
