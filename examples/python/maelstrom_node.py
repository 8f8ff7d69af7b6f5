"""A minimal Maelstrom node runtime, standard library only: one JSON message
per line on stdin, answers `init`, dispatches other messages by body type,
and runs `every(seconds, fn)` timers on the same thread as the handlers."""
import json
import queue
import sys
import threading
import time


class Node:
    def __init__(self):
        self.id = None
        self.node_ids = []
        self.next_msg_id = 0
        self.handlers = {}
        self.timers = []
        self.inbox = queue.Queue()

    def on(self, type_, fn):
        self.handlers[type_] = fn

    def every(self, seconds, fn):
        self.timers.append([seconds, time.monotonic() + seconds, fn])

    def send(self, dest, body):
        sys.stdout.write(json.dumps({"src": self.id, "dest": dest, "body": body}) + "\n")
        sys.stdout.flush()

    def reply(self, msg, body):
        self.next_msg_id += 1
        self.send(msg["src"], {**body, "msg_id": self.next_msg_id, "in_reply_to": msg["body"].get("msg_id")})

    def log(self, *args):
        print(*args, file=sys.stderr, flush=True)

    def _read(self):
        for line in sys.stdin:
            if line.strip():
                self.inbox.put(json.loads(line))
        self.inbox.put(None)

    def run(self):
        threading.Thread(target=self._read, daemon=True).start()
        while True:
            now = time.monotonic()
            wait = min([t[1] for t in self.timers] + [now + 1.0]) - now
            try:
                msg = self.inbox.get(timeout=max(0.0, wait))
            except queue.Empty:
                msg = False
            if msg is None:
                return
            if msg:
                body = msg["body"]
                if body["type"] == "init":
                    self.id = body["node_id"]
                    self.node_ids = body["node_ids"]
                    self.reply(msg, {"type": "init_ok"})
                elif body["type"] in self.handlers:
                    self.handlers[body["type"]](msg)
                elif "msg_id" in body:
                    self.reply(msg, {"type": "error", "code": 10, "text": "unsupported: " + body["type"]})
            now = time.monotonic()
            for t in self.timers:
                if self.id is not None and t[1] <= now:
                    t[1] = now + t[0]
                    t[2]()
