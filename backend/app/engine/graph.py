"""Graph rules: edges, exits, reachability, joins and loops.

They work on a light view of the nodes (`GraphNode`) so they also run on a document
whose broken nodes could not be decoded: such a node accepts any exit, requires none,
and never causes a loop or an unreachable report of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from app.engine.exits import Exit
from app.engine.problems import Problem


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    label: str
    # None when unknown (a node that did not decode): any exit accepted, none required.
    exits: tuple[Exit, ...] | None
    is_trigger: bool = False
    # A wait or a job: a loop through it cannot spin without time passing.
    blocks: bool = False
    is_join: bool = False


@dataclass(frozen=True, slots=True)
class GraphEdge:
    id: str
    source: str
    source_handle: str
    target: str
    # Its place in the document's `edges`, so a problem can say `edges[3].target`.
    index: int | None = None

    def at(self, part: str) -> str | None:
        """The field path of one of its members, e.g. `edges[3].target`."""
        return None if self.index is None else f"edges[{self.index}].{part}"


def name(node: GraphNode) -> str:
    """How a message refers to a step: its label, or its id when it has none."""
    return f"“{node.label}”" if node.label.strip() else f"step {node.id}"


def check_graph(nodes: Sequence[GraphNode], edges: Sequence[GraphEdge]) -> list[Problem]:
    """Every graph problem; node and edge ids in them are always ids that exist."""
    problems: list[Problem] = []
    by_id: dict[str, GraphNode] = {}
    for node in nodes:
        if node.id in by_id:
            problems.append(
                Problem(
                    "duplicate_node_id",
                    f"Two steps share the id “{node.id}”: give each step its own id.",
                    node_id=node.id,
                )
            )
        else:
            by_id[node.id] = node
    seen_edges: set[str] = set()
    for edge in edges:
        if edge.id in seen_edges:
            problems.append(
                Problem(
                    "duplicate_edge_id",
                    f"Two connections share the id “{edge.id}”.",
                    edge_id=edge.id,
                    field=edge.at("id"),
                )
            )
        seen_edges.add(edge.id)
    usable = _usable_edges(by_id, edges, problems)
    problems.extend(_exit_problems(by_id, usable))
    problems.extend(_reachability_problems(nodes, by_id, usable))
    problems.extend(_join_problems(by_id, usable))
    problems.extend(_loop_problems(nodes, by_id, usable))
    return problems


def _usable_edges(
    by_id: dict[str, GraphNode], edges: Iterable[GraphEdge], problems: list[Problem]
) -> list[GraphEdge]:
    """Edges whose ends exist, leave from a real exit and do not enter a trigger."""
    usable: list[GraphEdge] = []
    for edge in edges:
        source, target = by_id.get(edge.source), by_id.get(edge.target)
        if source is None or target is None:
            ends = (("source", edge.source, source), ("target", edge.target, target))
            gone = [(part, end) for part, end, node in ends if node is None]
            missing = " and ".join(f"{part} “{end}”" for part, end in gone)
            existing = source or target
            verb = "is not a step" if len(gone) == 1 else "are not steps"
            problems.append(
                Problem(
                    "dangling_edge",
                    f"Connection “{edge.id}”: its {missing} {verb} of this journey.",
                    edge_id=edge.id,
                    node_id=existing.id if existing else None,
                    # The member that is wrong (the edge itself when both are).
                    field=edge.at(gone[0][0]) if len(gone) == 1 else edge.at("source"),
                )
            )
            continue
        if source.exits is not None and edge.source_handle not in {e.id for e in source.exits}:
            offered = ", ".join(f"“{e.id}”" for e in source.exits) or "none"
            problems.append(
                Problem(
                    "unknown_exit",
                    f"{name(source)} has no exit “{edge.source_handle}” (its exits: {offered}).",
                    edge_id=edge.id,
                    node_id=source.id,
                    field=edge.at("source_handle"),
                    handle=edge.source_handle,
                )
            )
            continue
        if target.is_trigger:
            problems.append(
                Problem(
                    "edge_into_trigger",
                    f"{name(target)} is a trigger: contacts enter there, nothing can lead into it.",
                    edge_id=edge.id,
                    node_id=target.id,
                    field=edge.at("target"),
                )
            )
            continue
        usable.append(edge)
    return usable


def _exit_problems(by_id: dict[str, GraphNode], edges: list[GraphEdge]) -> list[Problem]:
    problems: list[Problem] = []
    leaving: dict[tuple[str, str], list[GraphEdge]] = defaultdict(list)
    for edge in edges:
        leaving[(edge.source, edge.source_handle)].append(edge)
    for (source_id, handle), group in leaving.items():
        source = by_id[source_id]
        for extra in group[1:]:
            problems.append(
                Problem(
                    "exit_used_twice",
                    f"The “{handle}” exit of {name(source)} already has a connection: "
                    "use a parallel split to go several ways at once.",
                    edge_id=extra.id,
                    node_id=source_id,
                    field=extra.at("source_handle"),
                    handle=handle,
                )
            )
    for node in by_id.values():
        for exit_ in node.exits or ():
            if exit_.required and (node.id, exit_.id) not in leaving:
                problems.append(
                    Problem(
                        "exit_not_connected",
                        f"Connect the “{exit_.label}” exit of {name(node)} to the next step.",
                        node_id=node.id,
                        handle=exit_.id,
                    )
                )
    return problems


def _reachability_problems(
    nodes: Sequence[GraphNode], by_id: dict[str, GraphNode], edges: list[GraphEdge]
) -> list[Problem]:
    triggers = [node.id for node in by_id.values() if node.is_trigger]
    if not triggers:
        return [
            Problem(
                "no_trigger",
                "Add a trigger: it decides when a contact enters this journey.",
            )
        ]
    successors = _successors(edges)
    reached = set(triggers)
    stack = list(triggers)
    while stack:
        for target in successors[stack.pop()]:
            if target not in reached:
                reached.add(target)
                stack.append(target)
    return [
        Problem(
            "unreachable_node",
            f"No contact can reach {name(node)}: connect it after a trigger or remove it.",
            node_id=node.id,
        )
        for node in by_id.values()
        if node.id not in reached and node.exits is not None
    ]


def _join_problems(by_id: dict[str, GraphNode], edges: list[GraphEdge]) -> list[Problem]:
    inputs: dict[str, int] = defaultdict(int)
    for edge in edges:
        inputs[edge.target] += 1
    return [
        Problem(
            "join_needs_two_inputs",
            f"{name(node)} joins branches: connect at least two steps into it.",
            node_id=node.id,
        )
        for node in by_id.values()
        if node.is_join and inputs[node.id] < 2
    ]


def _loop_problems(
    nodes: Sequence[GraphNode], by_id: dict[str, GraphNode], edges: list[GraphEdge]
) -> list[Problem]:
    """A loop must pass through a wait (or a job): otherwise it would spin forever."""
    spinning = [e for e in edges if not by_id[e.source].blocks and not by_id[e.target].blocks]
    self_loops = {e.source for e in spinning if e.source == e.target}
    problems: list[Problem] = []
    order = _order(nodes)
    for component in _strongly_connected(_successors(spinning)):
        if len(component) == 1 and component[0] not in self_loops:
            continue
        members = sorted(component, key=order.__getitem__)
        steps = " → ".join(name(by_id[member]) for member in members[:6])
        more = "…" if len(members) > 6 else ""
        problems.append(
            Problem(
                "loop_without_wait",
                f"These steps loop with no wait in between: {steps}{more}. "
                "Add a wait (or a job) on the loop.",
                node_id=members[0],
            )
        )
    return problems


def _order(nodes: Sequence[GraphNode]) -> dict[str, int]:
    position: dict[str, int] = {}
    for index, node in enumerate(nodes):
        position.setdefault(node.id, index)
    return position


def _successors(edges: Iterable[GraphEdge]) -> defaultdict[str, list[str]]:
    successors: defaultdict[str, list[str]] = defaultdict(list)
    for edge in edges:
        successors[edge.source].append(edge.target)
    return successors


def _strongly_connected(successors: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm without recursion (journeys may hold 2,000 steps)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    for root in list(successors):
        if root in index:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            targets = successors.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
