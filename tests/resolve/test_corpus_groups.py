"""The sample corpus's duplicate groups (examples/corpus/README.md) as a specification.

Each group is one real-world strike told by two to four outlets; look-alikes are strikes of the
same kind on the same city on other days. After ingest, the reports of a group's strike are one
real-world event, and no real-world event mixes two groups or a group with its look-alike.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from warledger.ledger import Ledger
from warledger.resolve.claims import CanonicalEvent

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

GROUPS: dict[str, set[str]] = {
    "Kramatorsk station": {"003", "004", "005"},
    "October 2022 barrage": {"010", "011", "012"},
    "Kyiv drones": {"014", "015"},
    "Dnipro apartment block": {"018", "019", "020"},
    "Kyiv Kinzhal night": {"028", "029"},
    "Hroza wake": {"036", "037", "038"},
    "North Korean missiles on Kharkiv and Kyiv": {"044", "045", "046"},
    "Chernihiv Iskanders": {"052", "053"},
    "Kharkiv hypermarket": {"055", "056"},
    "Okhmatdyt hospital": {"060", "061", "062"},
    "Poltava institute": {"064", "065", "066"},
    "First ATACMS on Russia": {"069", "070"},
    "Sumy Palm Sunday": {"075", "076", "077"},
    "Black Sea Fleet headquarters": {"081", "082"},
}
LOOK_ALIKES: list[tuple[set[str], set[str]]] = [
    ({"055", "056"}, {"057", "047", "044"}),
    ({"003", "004", "005"}, {"030"}),
    ({"052", "053"}, {"034"}),
    ({"050"}, {"051"}),
    ({"018", "019", "020"}, {"072"}),
    ({"081", "082"}, {"059"}),
]


@pytest.fixture(scope="module")
def attacks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[tuple[CanonicalEvent, set[str]]]]:
    with Ledger(tmp_path_factory.mktemp("corpus") / "ledger.db") as ledger:
        list(ledger.ingest([CORPUS]))
        files = {d.id: Path(d.origin or "").name[:3] for d in ledger.documents()}
        yield [(e, {files[r.doc] for r in e.reports}) for e in ledger.merged_events(type="attack")]


@pytest.mark.parametrize("group", GROUPS)
def test_the_reports_of_one_strike_become_one_event(attacks: list, group: str) -> None:
    files = GROUPS[group]
    covered = max((found & files for _, found in attacks), key=len)
    assert len(covered) >= 2, f"{group}: the best real-world event covers only {sorted(covered)}"


def test_no_event_mixes_two_groups(attacks: list) -> None:
    for event, found in attacks:
        touched = [name for name, files in GROUPS.items() if found & files]
        assert len(touched) <= 1, (event.id, touched)


@pytest.mark.parametrize(("group", "others"), LOOK_ALIKES)
def test_look_alikes_on_other_days_stay_apart(attacks: list, group: set[str], others: set[str]) -> None:
    for event, found in attacks:
        assert not (found & group and found & others), (event.id, sorted(found))


def test_growing_tolls_keep_every_source_value(attacks: list) -> None:
    event, _ = max(((e, f) for e, f in attacks if f & GROUPS["Dnipro apartment block"]), key=lambda p: len(p[1]))
    killed = event.field("killed")
    assert killed is not None
    assert len({v.report.doc for v in killed.values}) >= 2
    assert "–" in killed.summary, killed.summary
