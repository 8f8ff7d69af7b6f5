"""Maelstrom `pn-counter` (and `g-counter`), correct under partitions and
duplication: a state-based PN-counter CRDT. Each node counts its own
increments and decrements; every 100 ms it sends every peer both maps, and
a peer keeps the larger count per node (an idempotent merge)."""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the example
from maelstrom_node import Node  # noqa: E402

node = Node()
inc = {}
dec = {}


def add(msg):
    d = msg["body"]["delta"]
    side = inc if d >= 0 else dec
    side[node.id] = side.get(node.id, 0) + abs(d)
    node.reply(msg, {"type": "add_ok"})


def merge(into, other):
    for n, v in other.items():
        into[n] = max(into.get(n, 0), v)


def replicate(msg):
    merge(inc, msg["body"]["inc"])
    merge(dec, msg["body"]["dec"])


def tick():
    for peer in node.node_ids:
        if peer != node.id:
            node.send(peer, {"type": "replicate", "inc": inc, "dec": dec})


node.on("add", add)
node.on("read", lambda msg: node.reply(msg, {"type": "read_ok", "value": sum(inc.values()) - sum(dec.values())}))
node.on("replicate", replicate)
node.every(0.1, tick)
node.run()
