"""Entry point of `make bench`: python -m bench [scenario ...]."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuqiao.settings")
os.environ.setdefault("ZHUQIAO_TESTING", "1")  # dev keys; the data are synthetic

import django

django.setup()

from bench.harness import Report  # noqa: E402


def main() -> int:
    shared = {"harness", "seed"}
    scenarios = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if m.name not in shared and not m.name.startswith("_")
    )
    parser = argparse.ArgumentParser(description="Zhuqiao benchmarks")
    parser.add_argument("only", nargs="*", help=f"scenarios to run (default: all of {', '.join(scenarios)})")
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    report = Report()
    for name in args.only or scenarios:
        module = importlib.import_module(f"bench.{name}")
        started = time.monotonic()
        print(f"== {name}", flush=True)
        module.run(report)
        print(f"   ({time.monotonic() - started:.1f} s)", flush=True)
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(report.rows, ensure_ascii=False, indent=2))
    report.print_table()
    return 1 if report.failed_goals() else 0


if __name__ == "__main__":
    sys.exit(main())
