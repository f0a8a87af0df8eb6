"""The GraphML export: actors as nodes and typed, weighted edges between them, for Gephi and networkx.

Which roles an edge joins is set per event type in ``store/export.yaml`` (attack: attacker ->
target, arms_transfer: supplier -> recipient, accusation: speaker -> accused, cooperation:
participants pairwise). One edge stands for every event of one type between the same two actors:
its ``weight`` is their number and ``events`` their ids, separated by spaces. Cooperation has no
direction; its edges go from the smaller node id to the larger.

Nodes are canonical actors (id, name, kind, country); an attributed source is a node ``source:``
plus its name, and an actor the extractor could not resolve is ``name:`` plus its casefolded name,
of kind ``unresolved``. A target that is a place is no actor and gets no edge.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from warledger.model import Actor, Event, EventField, Source
from warledger.store.export_rows import export_settings, ledger_events
from warledger.store.indexing import search_key
from warledger.store.sqlite import Store

GRAPHML_NAMESPACE = "http://graphml.graphdrawing.org/xmlns"

# (element the key applies to, attribute name, GraphML type); Gephi shows "label" and "weight".
_KEYS = (
    ("node", "label", "string"),
    ("node", "kind", "string"),
    ("node", "country", "string"),
    ("edge", "type", "string"),
    ("edge", "weight", "double"),
    ("edge", "events", "string"),
)


@dataclass(frozen=True)
class Node:
    """An actor of the graph."""

    id: str
    name: str
    kind: str
    country: str | None


@dataclass(frozen=True)
class EdgeRule:
    """Which roles an event type's edges join: ``source`` -> ``target``, or ``pairwise`` among one role."""

    source: str | None = None
    target: str | None = None
    pairwise: str | None = None


@dataclass
class ActorGraph:
    """Actors and the events between them, keyed by (type, from id, to id)."""

    nodes: dict[str, Node]
    edges: dict[tuple[str, str, str], list[str]]


def write_graphml(store: Store, path: Path) -> int:
    """Write the actor graph of ``store`` to ``path``; returns the number of edges."""
    graph = actor_graph(store)
    tree = ET.ElementTree(graphml_element(graph))
    ET.indent(tree)
    with path.open("xb") as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
    return len(graph.edges)


def actor_graph(store: Store) -> ActorGraph:
    """Every actor taking part in an edge-making event, and the edges, read report by report."""
    rules = edge_rules()
    actor_roles = frozenset(export_settings()["graph_actor_roles"])
    graph = ActorGraph({}, {})
    for found in ledger_events(store):
        for event in found.events:
            rule = rules.get(event.type.value)
            if rule is not None:
                _add_event(graph, event, rule, actor_roles)
    return graph


def edge_rules() -> dict[str, EdgeRule]:
    """Event type -> the roles its edges join, from ``store/export.yaml``."""
    rules: dict[str, dict[str, str]] = export_settings()["graph_edges"]
    return {
        event_type: EdgeRule(rule.get("from"), rule.get("to"), rule.get("pairwise"))
        for event_type, rule in rules.items()
    }


def graphml_element(graph: ActorGraph) -> ET.Element:
    """The GraphML document of ``graph``."""
    root = ET.Element("graphml", xmlns=GRAPHML_NAMESPACE)
    for domain, name, kind in _KEYS:
        ET.SubElement(root, "key", {"id": name, "for": domain, "attr.name": name, "attr.type": kind})
    body = ET.SubElement(root, "graph", id="warledger", edgedefault="directed")
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        element = ET.SubElement(body, "node", id=node.id)
        _data(element, label=node.name, kind=node.kind, country=node.country)
    for number, ((event_type, source, target), events) in enumerate(sorted(graph.edges.items())):
        element = ET.SubElement(body, "edge", id=f"e{number}", source=source, target=target)
        _data(element, type=event_type, weight=float(len(events)), events=" ".join(events))
    return root


def _add_event(graph: ActorGraph, event: Event, rule: EdgeRule, actor_roles: frozenset[str]) -> None:
    def actors(role: str | None) -> list[Node]:
        found = [_node(f, actor_roles) for f in event.values(role)] if role else []
        return list({node.id: node for node in found if node is not None}.values())

    if rule.pairwise:
        ordered = sorted(actors(rule.pairwise), key=lambda n: n.id)
        pairs = list(combinations(ordered, 2))
    else:
        pairs = [(a, b) for a in actors(rule.source) for b in actors(rule.target)]
    for source, target in pairs:
        if source.id == target.id:
            continue
        graph.nodes.setdefault(source.id, source)
        graph.nodes.setdefault(target.id, target)
        graph.edges.setdefault((event.type.value, source.id, target.id), []).append(event.id)


def _node(f: EventField, actor_roles: frozenset[str]) -> Node | None:
    """The actor node a field names, or None when the field names no actor (a place, a weapon)."""
    typed = f.typed
    if isinstance(typed, Actor):
        return Node(typed.id, typed.name, typed.kind, typed.country)
    if isinstance(typed, Source):
        return Node(f"source:{typed.name}", typed.name, typed.kind, None)
    if typed is None and f.role in actor_roles:
        return Node(f"name:{search_key(f.value)}", f.value, "unresolved", None)
    return None


def _data(element: ET.Element, **values: Any) -> None:
    for key, value in values.items():
        if value is not None:
            ET.SubElement(element, "data", key=key).text = str(value)
