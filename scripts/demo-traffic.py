#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
"""Sends the demo cluster a steady trickle of real requests through Serve's proxy, so ScaleDeck's traffic columns
have something to show: /gateway (which calls llm and embedder) and /embed, each at its own rate, until killed.
A request that fails is counted and goes on (a parked app answers 404 or 503: that is traffic too)."""
import argparse
import sys
import threading
import time
import urllib.error
import urllib.request


def send_forever(url, per_second, data=None):
    interval = 1.0 / per_second
    next_at = time.monotonic()
    while True:
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=10).read()
        except (urllib.error.URLError, OSError):
            pass
        next_at += interval
        time.sleep(max(0.0, next_at - time.monotonic()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="Serve's HTTP port")
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    routes = [(f"{base}/gateway?q=hello", 3.0, None), (f"{base}/embed", 1.5, b"{}")]
    for url, rate, data in routes:
        threading.Thread(target=send_forever, args=(url, rate, data), daemon=True).start()
    print(f"[demo-traffic] sending {', '.join(f'{r}/s to {u}' for u, r, _ in routes)}", file=sys.stderr)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
