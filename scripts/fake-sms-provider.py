#!/usr/bin/env python3
"""A stand-in SMS provider for scripts/two-servers.sh, speaking what Passerelle's HTTP SMS sender
speaks (README, "Messages"): POST /sms with a bearer token, a JSON body {"to", "text", "sender"}
and an Idempotency-Key header. Like real providers that honour such keys, a key seen before is
answered 200 again but not delivered twice; the script counts both.

    python3 scripts/fake-sms-provider.py PORT

GET /stats   -> {"requests": raw POSTs, "delivered": distinct keys, "repeats": POSTs of a key
                 already delivered, "unkeyed": POSTs without a key, and "two_servers",
                 "two_servers_repeats": the same for the keys starting "two-servers:"}
GET /last-code -> the newest 6-digit code sent, as text (for signing in)
"""
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
keys = {}
stats = {"requests": 0, "delivered": 0, "repeats": 0, "unkeyed": 0,
         "two_servers": 0, "two_servers_repeats": 0}
# The keys of the reminders scripts/two-servers.sh makes due, counted apart.
PREFIX = "two-servers:"
last_code = [""]


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, kind="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path != "/sms" or not self.headers.get("Authorization", "").startswith("Bearer "):
            return self.answer(401, '{"error":"unauthorized"}')
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        key = self.headers.get("Idempotency-Key")
        # A provider takes a little time: sends in flight when a server is killed are likely.
        time.sleep(0.02)
        with lock:
            stats["requests"] += 1
            if key is None:
                stats["unkeyed"] += 1
            elif key in keys:
                stats["repeats"] += 1
                if key.startswith(PREFIX):
                    stats["two_servers_repeats"] += 1
            else:
                keys[key] = body.get("to")
                stats["delivered"] += 1
                if key.startswith(PREFIX):
                    stats["two_servers"] += 1
            code = re.search(r"\b(\d{6})\b", body.get("text", ""))
            if code:
                last_code[0] = code.group(1)
        self.answer(200, json.dumps({"id": key or "none"}))

    def do_GET(self):
        with lock:
            if self.path == "/stats":
                return self.answer(200, json.dumps(stats))
            if self.path == "/last-code":
                return self.answer(200, last_code[0], "text/plain")
        self.answer(404, "{}")


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
