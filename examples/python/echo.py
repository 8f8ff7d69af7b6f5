"""Maelstrom `echo`: reply with the payload received. Correct."""
import sys

sys.dont_write_bytecode = True  # no __pycache__ beside the example
from maelstrom_node import Node  # noqa: E402

node = Node()
node.on("echo", lambda msg: node.reply(msg, {"type": "echo_ok", "echo": msg["body"]["echo"]}))
node.run()
