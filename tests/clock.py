"""Run the suite as if today were another day: the moved clock.

Tests must not depend on the wall clock: a date in a test is frozen (``time_machine.travel``) or
computed from today. To prove it, the whole suite can run with the clock moved to any instant in
Asia/Shanghai::

    make test PYTEST_ARGS="--clock=2028-02-29T23:30"      # or ZHUQIAO_TEST_CLOCK=2028-02-29T23:30

Every test then starts at that instant with the clock running (so timeouts and waits still pass),
which keeps a test started at 23:59 clear of midnight however long the run is. The processes the
tests start see the same clock: the live server is a thread of this process, a Celery worker or a
``manage.py`` command is started through ``python -m tests.clock`` (see :func:`python_command`),
which moves the clock before running the program (the worker moves it back to the instant before
each task, like the tests), and each browser context gets the instant as its JavaScript clock.
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


def _move_back_before_each_task(moment: datetime.datetime) -> None:
    import time_machine
    from celery.signals import task_prerun

    travellers: list[time_machine.travel] = []

    @task_prerun.connect(weak=False)
    def move_clock(**kwargs: object) -> None:
        while travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(moment, tick=True)
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
            _move_back_before_each_task(moment)
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(argv)
        sys.path.insert(0, os.path.dirname(os.path.abspath(argv[0])))
        runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
