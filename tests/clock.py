"""Run the suite as if today were another day: the moved clock.

Tests must not depend on the wall clock: a date in a test is frozen (``time_machine.travel``) or
computed from today. To prove it, the whole suite can run with the clock moved to any instant in
Asia/Shanghai::

    make test PYTEST_ARGS="--clock=2028-02-29T23:30"      # or ZHUQIAO_TEST_CLOCK=2028-02-29T23:30

Every test then starts at that instant with the clock running (so timeouts and waits still pass),
which keeps a test started at 23:59 clear of midnight however long the run is. The processes the
tests start see the same clock: the live server is a thread of this process, a Celery worker or a
``manage.py`` command is started through ``python -m tests.clock`` (see :func:`python_command`),
which moves the clock before running the program (the worker sets it, before each task, to the
clock of the test that is running), and each browser context gets the instant as its JavaScript clock.
"""

from __future__ import annotations

import datetime
import os
import runpy
import sys
from zoneinfo import ZoneInfo

ENV = "ZHUQIAO_TEST_CLOCK"
# "0": a subprocess's clock stands still at the instant (for commands whose output must not
# depend on how long they took, such as loading the demo twice on "the same day" at 23:59).
TICK_ENV = "ZHUQIAO_TEST_CLOCK_TICK"
# A file holding the real time at which the running test's clock started at the instant: the
# worker sets each task's clock to the test's clock, not to the instant (which would leave the
# worker behind a test that counted something before asking the worker to count again).
STAMP_ENV = "ZHUQIAO_TEST_CLOCK_STAMP"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(text: str) -> datetime.datetime:
    """``2028-02-29T23:30`` (or with a space, or seconds) as an aware instant in Shanghai."""
    moment = datetime.datetime.fromisoformat(text.strip())
    return moment if moment.tzinfo else moment.replace(tzinfo=SHANGHAI)


def moved_to() -> datetime.datetime | None:
    """The instant the clock is moved to for this run, or None on the real clock."""
    text = os.environ.get(ENV, "").strip()
    return parse(text) if text else None


def python_command(*args: str) -> list[str]:
    """The command line that runs ``python ARGS`` in a subprocess on this run's clock."""
    if moved_to() is None:
        return [sys.executable, *args]
    return [sys.executable, "-m", "tests.clock", *args]


def _real_time() -> float:
    import time

    import time_machine

    return time_machine.escape_hatch.time.time() if time_machine.escape_hatch.is_travelling() else time.time()


def mark_test_start() -> None:
    """Called as a test's clock starts at the instant: tell the worker (see ``STAMP_ENV``)."""
    path = os.environ.get(STAMP_ENV)
    if path:
        with open(path, "w", encoding="ascii") as stamp:
            stamp.write(repr(_real_time()))


def test_clock_now(moment: datetime.datetime) -> datetime.datetime:
    """The running test's clock: the instant plus the real time since the test started."""
    try:
        with open(os.environ[STAMP_ENV], encoding="ascii") as stamp:
            elapsed = max(0.0, _real_time() - float(stamp.read()))
    except (KeyError, OSError, ValueError):
        elapsed = 0.0
    return moment + datetime.timedelta(seconds=elapsed)


def _follow_the_test_before_each_task(moment: datetime.datetime) -> None:
    import time_machine
    from celery.signals import task_prerun

    travellers: list[time_machine.travel] = []

    @task_prerun.connect(weak=False)
    def move_clock(**kwargs: object) -> None:
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(test_clock_now(moment), tick=True)
        traveller.start()
        travellers.append(traveller)


def main(argv: list[str]) -> None:
    """``python -m tests.clock manage.py …`` / ``python -m tests.clock -m celery …``."""
    import time_machine

    moment = moved_to()
    if moment is not None:
        time_machine.travel(moment, tick=os.environ.get(TICK_ENV, "1") != "0").start()
    if not argv:
        raise SystemExit("usage: python -m tests.clock (SCRIPT | -m MODULE) [ARGS…]")
    if argv[0] == "-m":
        module, rest = argv[1], argv[2:]
        sys.argv = [module, *rest]
        if moment is not None and module == "celery":
            _follow_the_test_before_each_task(moment)
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(argv)
        sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
        runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
