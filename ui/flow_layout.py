"""Where the flow diagram puts its steps: a layered drawing (Sugiyama's method), no Qt.

1. Ways that lead back (a circle, which the checks report) are set aside, so the rest flows
   downwards; End is always the last layer.
2. Each step goes one layer below the lowest step that leads to it (longest path).
3. A way that skips layers passes through a waypoint in each layer it crosses, so it runs
   beside the steps it skips instead of through them.
4. The order within each layer is improved by sweeps down and up, each placing a node at the
   mean position (barycentre) of its neighbours in the layer before; the order with the fewest
   crossings found is kept. A flow that can be drawn without crossings usually is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

SWEEPS = 8
WAYPOINT = "~"  # waypoints are named "~<n>"; step keys never start with it


@dataclass(frozen=True)
class Layout:
    """Nodes in layers, top to bottom, each layer in order left to right; `chains` gives each
    downward way as the nodes it passes (its source, its waypoints, its target); `back` the
    ways that lead back up."""

    layers: list[list[str]]
    chains: dict[tuple[str, str], list[str]]
    back: list[tuple[str, str]]

    def layer_of(self) -> dict[str, int]:
        return {node: index for index, layer in enumerate(self.layers) for node in layer}


def is_waypoint(node: str) -> bool:
    return node.startswith(WAYPOINT)


def layered(nodes: Sequence[str], edges: Sequence[tuple[str, str]], last: str) -> Layout:
    """Lay out `nodes` (in their given order, `last` at the bottom) joined by `edges`."""
    order = {node: index for index, node in enumerate(nodes)}
    ways = list(dict.fromkeys(e for e in edges if e[0] in order and e[1] in order))
    back = _leading_back(nodes, ways)
    down = [e for e in ways if e not in back]
    layer = _layers(nodes, down, last)
    layers: list[list[str]] = [[] for _ in range(max(layer.values()) + 1)]
    for node in nodes:
        layers[layer[node]].append(node)
    chains: dict[tuple[str, str], list[str]] = {}
    for source, target in down:
        chain = [source]
        for between in range(layer[source] + 1, layer[target]):
            waypoint = f"{WAYPOINT}{len(chains)}.{between}"
            layers[between].append(waypoint)
            chain.append(waypoint)
        chains[source, target] = [*chain, target]
    return Layout(_ordered(layers, chains), chains, back)


def _leading_back(nodes: Sequence[str], ways: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The ways that close a circle, found by a depth-first walk from the nodes in order."""
    following: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in ways:
        following[source].append(target)
    state: dict[str, int] = {}  # 1 while on the walk's path, 2 when done
    back: list[tuple[str, str]] = []
    for root in nodes:
        if root in state:
            continue
        state[root] = 1
        stack = [(root, iter(following[root]))]
        while stack:
            node, rest = stack[-1]
            after = next(rest, None)
            if after is None:
                state[node] = 2
                stack.pop()
            elif state.get(after) == 1:
                back.append((node, after))
            elif after not in state:
                state[after] = 1
                stack.append((after, iter(following[after])))
    return back


def _layers(nodes: Sequence[str], down: list[tuple[str, str]], last: str) -> dict[str, int]:
    """Longest-path layers over the downward ways (which make no circle), `last` below all."""
    before: dict[str, list[str]] = {node: [] for node in nodes}
    for source, target in down:
        before[target].append(source)
    layer: dict[str, int] = {}

    def place(node: str) -> int:
        if node not in layer:
            stack = [node]
            while stack:
                top = stack[-1]
                waiting = [b for b in before[top] if b not in layer]
                if waiting:
                    stack.extend(waiting)
                    continue
                stack.pop()
                layer[top] = max((layer[b] + 1 for b in before[top]), default=0)
        return layer[node]

    for node in nodes:
        if node != last:
            place(node)
    layer[last] = max(layer.values(), default=-1) + 1
    return layer


def crossings(layers: list[list[str]], chains: dict[tuple[str, str], list[str]]) -> int:
    """How many pairs of ways cross between neighbouring layers, in this order."""
    position = {node: index for layer in layers for index, node in enumerate(layer)}
    band = {node: index for index, layer in enumerate(layers) for node in layer}
    bands: dict[int, list[tuple[str, str]]] = {}
    for chain in chains.values():
        for a, b in pairwise(chain):
            bands.setdefault(band[a], []).append((a, b))
    count = 0
    for segments in bands.values():
        for i, (a, b) in enumerate(segments):
            for c, d in segments[i + 1 :]:
                # Ways from one node or into one node meet there; they do not cross.
                if (
                    a != c
                    and b != d
                    and (position[a] - position[c]) * (position[b] - position[d]) < 0
                ):
                    count += 1
    return count


def _ordered(layers: list[list[str]], chains: dict[tuple[str, str], list[str]]) -> list[list[str]]:
    """The layers reordered by barycentre sweeps, keeping the order with fewest crossings."""
    above: dict[str, list[str]] = {}
    below: dict[str, list[str]] = {}
    for chain in chains.values():
        for a, b in pairwise(chain):
            below.setdefault(a, []).append(b)
            above.setdefault(b, []).append(a)
    best, fewest = [list(layer) for layer in layers], crossings(layers, chains)
    current = [list(layer) for layer in layers]
    for sweep in range(SWEEPS):
        downwards = sweep % 2 == 0
        indices = range(1, len(current)) if downwards else range(len(current) - 2, -1, -1)
        for index in indices:
            neighbours = above if downwards else below
            fixed = current[index - 1] if downwards else current[index + 1]
            current[index] = _by_barycentre(current[index], fixed, neighbours)
        count = crossings(current, chains)
        if count < fewest:
            best, fewest = [list(layer) for layer in current], count
        if fewest == 0:
            break
    return best


def _by_barycentre(
    layer: list[str], fixed: list[str], neighbours: dict[str, list[str]]
) -> list[str]:
    """`layer` sorted by the mean position of each node's neighbours in `fixed`; a node with
    none keeps its place."""
    position = {node: index for index, node in enumerate(fixed)}

    def weight(item: tuple[int, str]) -> float:
        index, node = item
        linked = [position[n] for n in neighbours.get(node, ()) if n in position]
        scale = len(fixed) / max(len(layer), 1)
        return sum(linked) / len(linked) if linked else index * scale

    return [node for _, node in sorted(enumerate(layer), key=weight)]
