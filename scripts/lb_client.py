#!/usr/bin/env python3
"""A bounded HTTP client for the load-balancer demo: one request every 1/RATE s (new TCP
connection each, HTTP/1.0 GET /, 0.25 s timeout) to URL's host:port for SECONDS, exactly
RATE x SECONDS requests, sent on schedule even while earlier ones wait out their timeout.
Appends one line per request to OUT: "EPOCH_MS OK WHAT" (the time it was sent; OK 1 for an
HTTP 200 and WHAT the body's start, OK 0 for anything else and WHAT why: timeout, refused,
reset, unreachable, error or http-STATUS). The report counts the failures by kind.

Usage: lb_client.py HOST PORT RATE SECONDS OUT
       lb_client.py --report OUT FAULT_EPOCH_MS   (prints the client's view of a fault)
"""
import errno
import socket
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def failure_kind(error):
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return "reset"
    if error.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH):
        return "unreachable"
    return "error"


def one_request(host, port):
    try:
        with socket.create_connection((host, port), timeout=0.25) as s:
            s.settimeout(0.25)
            s.sendall(b"GET / HTTP/1.0\r\nHost: demo\r\n\r\n")
            data = b""
            while len(data) < 65536:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
    except OSError as error:
        return False, failure_kind(error)
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].split()
    if len(status) < 2 or status[1] != b"200":
        return False, "http-" + (status[1].decode(errors="replace") if len(status) >= 2 else "none")
    return True, body.decode(errors="replace").strip().replace(" ", "_")[:40] or "-"


def run(host, port, rate, seconds, out):
    interval = 1.0 / rate
    limit = int(rate * seconds)
    lock = threading.Lock()
    # Requests overlap, so that a request waiting out its timeout does not delay the next
    # ones: the schedule (and the count of failed requests) stays that of RATE per second.
    workers = max(4, int(rate * 0.6) + 2)
    start = time.monotonic()
    with open(out, "a", buffering=1) as f, ThreadPoolExecutor(max_workers=workers) as pool:

        def one(sent_ms):
            ok, body = one_request(host, port)
            with lock:
                f.write(f"{sent_ms} {1 if ok else 0} {body or '-'}\n")

        for i in range(limit):
            due = start + i * interval
            now = time.monotonic()
            if now < due:
                time.sleep(due - now)
            pool.submit(one, int(time.time() * 1000))


def report(out, fault_ms):
    rows = []
    with open(out) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[0].isdigit():
                rows.append((int(parts[0]), parts[1] == "1", parts[2]))
    rows.sort(key=lambda row: row[0])
    if not rows:
        print("client: no requests recorded")
        return 1
    failed = sum(1 for _, ok, _ in rows if not ok)
    ok_times = [t for t, ok, _ in rows if ok]
    # Gaps between answers, and from the last answer to the last request: an outage that
    # lasts until the end of the record counts too.
    gap, gap_from, prev = 0, None, None
    for t in ok_times + [rows[-1][0]]:
        if prev is not None and t - prev > gap:
            gap, gap_from = t - prev, prev
        prev = t
    after = [t for t in ok_times if t > fault_ms]
    served = {}
    for _, ok, body in rows:
        if ok:
            served[body] = served.get(body, 0) + 1
    kinds = {}
    for _, ok, what in rows:
        if not ok:
            kinds[what] = kinds.get(what, 0) + 1
    by_kind = " (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")" if kinds else ""
    print(f"client: {len(rows)} requests, {failed} failed{by_kind} (each waits up to 250 ms)")
    if gap_from is not None:
        print(f"client: longest time without an answer {gap} ms, from {gap_from - fault_ms:+d} ms "
              f"to {gap_from + gap - fault_ms:+d} ms around the fault")
    if after and gap_from is not None:
        # The end of the longest gap, from the fault: the outage without the interval before
        # the fault (requests sent in the few ms the fault takes to apply are still answered).
        print(f"client: first answer {gap_from + gap - fault_ms} ms after the fault")
    else:
        print("client: no answer after the fault")
    print("client: answered by " + ", ".join(f"{k} {v}" for k, v in sorted(served.items())))
    return 0 if after else 1


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--report":
        sys.exit(report(sys.argv[2], int(sys.argv[3])))
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    run(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
