#!/usr/bin/env python3
"""Requests per second of `bsm-lint serve` over real HTTP, beside `Linter.lint` in-process.

    python benchmarks/server.py [--n 2000] [--seconds 10] [--clients 4] [--workers 1] [--wrk]

Starts the server on 127.0.0.1 (a free port), lints the seeded benchmark corpus (see
throughput.py) through `POST /v1/lint` from `--clients` threads with keep-alive connections,
and prints requests/s and latency percentiles. The client shares the machine (and, being
Python, costs about as much CPU per request as the server's HTTP layer), so the figure is a
floor; `--wrk` also runs wrk (a C client, `apt-get install wrk`) rotating over the same bodies.
Compare figures from one run only: machines here are noisy.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from bsm_lint import Linter, Message

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import throughput  # noqa: E402
from throughput import DATA, corpus  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(port: int, workers: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bsm_lint", "serve", "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/v1/health")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    sys.exit("server did not start")


def load(port: int, bodies: list[bytes], seconds: float, clients: int) -> tuple[int, list[float]]:
    stop = time.monotonic() + seconds
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: list[str] = []

    def worker(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json"}
        i = k
        while time.monotonic() < stop:
            body = bodies[i % len(bodies)]
            i += clients
            t0 = time.perf_counter()
            conn.request("POST", "/v1/lint", body, headers)
            resp = conn.getresponse()
            resp.read()
            latencies[k].append(time.perf_counter() - t0)
            if resp.status != 200:
                errors.append(f"HTTP {resp.status}")
        conn.close()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print(f"  {len(errors)} errors, first: {errors[0]}")
    flat = [x for lat in latencies for x in lat]
    return len(flat), flat


def wrk(port: int, bodies: list[bytes], seconds: float, clients: int) -> str | None:
    if shutil.which("wrk") is None:
        return None
    script = DATA / "wrk-bodies.lua"
    items = ",\n".join(f"[==[{b.decode()}]==]" for b in bodies if "]==]" not in b.decode())
    script.write_text(
        "local bodies = {\n" + items + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i % #bodies + 1\n"
        '  return wrk.format("POST", "/v1/lint", {["Content-Type"] = "application/json"},'
        " bodies[i])\nend\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{clients}",
            f"-d{int(seconds)}s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return m.group(1) if m else out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=2000, help="messages from the seeded corpus")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--wrk", action="store_true", help="also measure with wrk when installed")
    ap.add_argument(
        "--gen", type=Path, default=None, help="the corpus generator, if not in ../shared"
    )
    ap.add_argument(
        "--tiny", action="store_true", help="one short reply instead: the HTTP layer's own cost"
    )
    args = ap.parse_args()
    if args.gen is not None:
        throughput.GEN = args.gen

    texts = ["Thanks, it ships on Monday."] * args.n if args.tiny else corpus(args.n, args.seed)
    bodies = [json.dumps({"message": {"body": t}}, ensure_ascii=False).encode() for t in texts]
    sizes = sorted(len(b) for b in bodies)
    print(f"{len(bodies)} bodies, median {sizes[len(sizes) // 2]} bytes")

    linter = Linter()
    msgs = [Message(body=t) for t in texts]
    t0 = time.perf_counter()
    for m in msgs:
        linter.lint(m)
    print(f"in-process Linter.lint: {len(msgs) / (time.perf_counter() - t0):,.0f} messages/s")

    port = free_port()
    proc = start(port, args.workers)
    try:
        load(port, bodies[:200], 2, args.clients)  # warm up
        n, lat = load(port, bodies, args.seconds, args.clients)
        q = statistics.quantiles(lat, n=100)
        print(
            f"HTTP, {args.workers} worker(s), {args.clients} client threads: "
            f"{n / args.seconds:,.0f} requests/s; latency p50 {q[49] * 1000:.1f} ms, "
            f"p99 {q[98] * 1000:.1f} ms"
        )
        if args.wrk:
            rate = wrk(port, bodies, args.seconds, args.clients)
            print(f"wrk, {args.clients} connections: {rate or 'wrk not installed'} requests/s")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
