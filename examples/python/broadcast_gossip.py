"""Maelstrom `broadcast`, correct under partitions: every 100 ms each node
sends every peer the messages that peer has not acknowledged yet."""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the example
from maelstrom_node import Node  # noqa: E402

node = Node()
seen = set()
acked_by = {}


def broadcast(msg):
    seen.add(msg["body"]["message"])
    node.reply(msg, {"type": "broadcast_ok"})


def gossip(msg):
    seen.update(msg["body"]["messages"])
    node.send(msg["src"], {"type": "gossip_ok", "messages": msg["body"]["messages"]})


def gossip_ok(msg):
    acked_by.setdefault(msg["src"], set()).update(msg["body"]["messages"])


def tick():
    for peer in node.node_ids:
        if peer != node.id:
            missing = seen - acked_by.get(peer, set())
            if missing:
                node.send(peer, {"type": "gossip", "messages": sorted(missing)})


node.on("topology", lambda msg: node.reply(msg, {"type": "topology_ok"}))
node.on("broadcast", broadcast)
node.on("read", lambda msg: node.reply(msg, {"type": "read_ok", "messages": sorted(seen)}))
node.on("gossip", gossip)
node.on("gossip_ok", gossip_ok)
node.every(0.1, tick)
node.run()
