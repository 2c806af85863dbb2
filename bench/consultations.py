"""The booking API under load: gunicorn, started with the production configuration
(gunicorn.conf.py) on a free 127.0.0.1 port against the bench PostgreSQL, and 100 concurrent
clients (threads, each sending its next request as soon as the previous one is answered) firing
2,000 POST /api/v1/consultations/bookings/ at 200 slots of 3 places each, so that slots fill up
and later requests meet "full" (409). Reports throughput, p95 (goal < 300 ms), errors (goal 0:
anything but 201/409, or a failed connection) and overbooking (goal 0: slots holding more
bookings than places, or whose counter disagrees with their rows). gunicorn is stopped whatever
happens.

The per-address limit would refuse 100 clients sharing 127.0.0.1 after 30 requests, as it
should in production; the server under test is started with both limits raised so that the
measure is the booking path itself (the counters are still kept in Redis on every request).
"""

from __future__ import annotations

import datetime
import http.client
import json
import os
import random
import runpy
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.db import connection
from django.utils import timezone

from bench.harness import Report, percentile
from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import Booking, Place, Slot, Topic
from zhuqiao.models import Department

CLIENTS = 100
REQUESTS_PER_CLIENT = 20
SLOTS = 200
CAPACITY = 3
ROOT = Path(__file__).resolve().parent.parent
TOPIC_CODE = "bench-booking"
BOOKING_PATH = "/api/v1/consultations/bookings/"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prepare() -> list[int]:
    """A fresh topic with SLOTS slots on the next working days (earlier bench rows removed)."""
    department = Department.objects.get_or_create(code="service_centre", defaults={"name": "社区事务受理服务中心"})[0]
    place = Place.objects.get_or_create(name="基准测试办理点", defaults={"address": "基准测试地址"})[0]
    topic, _created = Topic.objects.get_or_create(
        code=TOPIC_CODE,
        defaults={"name": "基准测试咨询", "department": department, "capacity": CAPACITY, "slot_minutes": 10},
    )
    Booking.objects.filter(topic=topic).delete()
    Slot.objects.filter(topic=topic).delete()
    day = timezone.localdate() + datetime.timedelta(days=1)
    exceptions = calendar_exceptions(start=day, end=day + datetime.timedelta(days=14))
    slots = []
    while len(slots) < SLOTS:
        if is_working_day(day, exceptions):
            start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
            for minute in range(0, 8 * 60, 10):
                begins = start + datetime.timedelta(minutes=minute)
                slots.append(
                    Slot(
                        topic=topic,
                        place=place,
                        slot_date=day,
                        starts_at=begins,
                        ends_at=begins + datetime.timedelta(minutes=10),
                        capacity=CAPACITY,
                    )
                )
        day += datetime.timedelta(days=1)
    Slot.objects.bulk_create(slots[:SLOTS])
    return list(Slot.objects.filter(topic=topic).values_list("pk", flat=True))


def _start_gunicorn(port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(
        BOOKING_RATE_PER_PHONE="100000/h",
        BOOKING_RATE_PER_ADDRESS="100000/h",
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        ZHUQIAO_TESTING="1",
        # As in production: confirmations are queued to Redis for the worker, not sent inside
        # the request (the queued messages are dropped with the bench's Redis).
        CELERY_TASK_ALWAYS_EAGER="0",
    )
    # The production configuration (gunicorn.conf.py), on a free port.
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "zhuqiao.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"]
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def _wait_ready(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("gunicorn exited at start")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/consultations/topics/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 30 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def _fire(
    port: int, slot_ids: list[int], *, clients: int, requests: int, first_client: int = 0
) -> tuple[list[float], Counter[str], float]:
    latencies: list[float] = []
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()
    barrier = threading.Barrier(clients)

    def client(number: int) -> None:
        rng = random.Random(number)
        barrier.wait()
        for request in range(requests):
            body = json.dumps(
                {
                    "slot": rng.choice(slot_ids),
                    "name": f"基准{number}",
                    "phone": f"13{number:04d}{request:05d}",
                    "consent": True,
                }
            ).encode()
            started = time.perf_counter()
            outcome = _post(port, BOOKING_PATH, body)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                outcomes[outcome] += 1

    threads = [threading.Thread(target=client, args=(first_client + i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, outcomes, time.perf_counter() - started


def _post(port: int, path: str, body: bytes) -> str:
    """POST a JSON body on a new connection; the response's status code, or the error's name.

    The load comes from the same two cores as the server, so the client does the least an
    HTTP/1.1 exchange needs (http.client costs several times the CPU per request, which the
    server under test would lose): one request per connection, as gunicorn's sync workers serve,
    and the connection closed as soon as the whole response is in, as a proxy in front of
    gunicorn would (a sync worker waits for the client to close before it takes the next
    request).
    """
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    ).encode()
    response = bytearray()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(head + body)
            expected = None
            while expected is None or len(response) < expected:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                response += chunk
                if expected is None and b"\r\n\r\n" in response:
                    expected = _response_length(bytes(response))
    except OSError as exc:
        return type(exc).__name__
    status_line = bytes(response).split(b"\r\n", 1)[0].split()
    if len(status_line) < 2 or not status_line[0].startswith(b"HTTP/1.") or not status_line[1].isdigit():
        return "bad response"
    return status_line[1].decode()


def _response_length(response: bytes) -> int | None:
    """Length of the whole response from its head, when it says (Content-Length)."""
    head, _sep, _body = response.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n")[1:]:
        name, _colon, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return len(head) + 4 + int(value)
    return None


def _overbooking(slot_ids: list[int]) -> tuple[int, int]:
    """(slots holding more bookings than places, slots whose counter differs from their rows)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.capacity, s.booked_count, COUNT(b.id)
            FROM consultations_slot s
            LEFT JOIN consultations_booking b ON b.slot_id = s.id AND b.status <> 'cancelled'
            WHERE s.id = ANY(%s)
            GROUP BY s.id
            """,
            [slot_ids],
        )
        rows = cursor.fetchall()
    return sum(1 for cap, _counter, n in rows if n > cap), sum(1 for _cap, counter, n in rows if counter != n)


def run(report: Report) -> None:
    slot_ids = _prepare()
    port = _free_port()
    proc = _start_gunicorn(port)
    load = os.getloadavg()[0]
    try:
        _wait_ready(port, proc)
        # Baseline: one client alone (the cost of a request without queueing).
        alone, _outcomes, _seconds = _fire(port, slot_ids, clients=1, requests=100, first_client=CLIENTS)
        latencies, outcomes, seconds = _fire(port, slot_ids, clients=CLIENTS, requests=REQUESTS_PER_CLIENT)
    finally:
        _stop(proc)
    total = sum(outcomes.values())
    errors = sum(n for outcome, n in outcomes.items() if outcome not in ("201", "409"))
    overbooked, miscounted = _overbooking(slot_ids)
    print(f"   outcomes: {dict(outcomes)}", flush=True)
    scenario = "consultations"
    report.add(scenario, "machine load average at start (2 cores)", round(load, 1), "")
    workers = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]
    report.add(scenario, "gunicorn sync workers (gunicorn.conf.py)", workers, "")
    report.add(scenario, "booking API p95, one client alone", round(percentile(alone, 95), 1), "ms")
    report.add(scenario, f"booking API throughput ({CLIENTS} clients)", round(total / seconds, 1), "req/s")
    report.add(scenario, "booking API median", round(percentile(latencies, 50), 1), "ms")
    report.add(scenario, "booking API p95", round(percentile(latencies, 95), 1), "ms", 300)
    report.add(scenario, f"booking API errors (of {total})", errors, "count", 0)
    report.add(scenario, "bookings made (201)", outcomes.get("201", 0), "count")
    report.add(scenario, "slots overbooked", overbooked, "count", 0)
    report.add(scenario, "slots whose count differs from rows", miscounted, "count", 0)
