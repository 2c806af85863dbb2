"""People register at town size (200,000 persons, 80,000 households, 20,000 target-group members):
the person list, searches by name, last 4 of the ID number and mobile number, filtered lists and
the clearance worklists, through the Django test client as centre staff (goal: p95 under 150 ms),
with the query count of each page (it must not depend on the number of rows)."""

from __future__ import annotations

import os
from urllib.parse import urlencode

from django.db import connection

from bench.harness import Report, time_page
from bench.seed import seed_town
from jobseekers.models import Person
from zhuqiao.models import User

GOAL_MS = 150


def run(report: Report) -> None:
    seed_town()
    with connection.cursor() as cursor:
        # The steady state of a live database: autovacuum has set the visibility map (which the
        # index-only scans of the covering indexes rely on) and fresh statistics; COPY leaves neither.
        for table in (
            "jobseekers_person",
            "jobseekers_household",
            "jobseekers_targetgroupmembership",
            "jobseekers_employment",
            "jobseekers_zeroemploymentcertification",
            "cases_case",
        ):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    user = User.objects.get(username="bench_centre")
    committee = User.objects.get(username="bench_committee")
    sampled = Person.objects.order_by("pk")[12_345]
    sample = {"name": sampled.name, "phone": sampled.phone, "id_number_last4": sampled.id_number_last4}
    scenarios = [
        ("person list", user, "/people/"),
        ("person list, page 500", user, "/people/?page=500"),
        ("search by name", user, "/people/?" + urlencode({"q": sample["name"]})),
        ("search by given name", user, "/people/?" + urlencode({"q": sample["name"][1:]})),
        ("search by last 4 of ID", user, "/people/?" + urlencode({"q": sample["id_number_last4"]})),
        ("search by mobile", user, "/people/?" + urlencode({"q": sample["phone"]})),
        ("filter unemployed, not employed", user, "/people/?group=unemployed&employed=0"),
        ("person list (committee)", committee, "/people/"),
        ("household list", user, "/people/households/"),
        ("worklist unemployed", user, "/people/worklists/unemployed/"),
        ("worklist difficulty", user, "/people/worklists/difficulty/"),
        ("worklist graduate", user, "/people/worklists/graduate/"),
        ("worklist household", user, "/people/worklists/household/"),
        ("worklist unemployed, by last contact", user, "/people/worklists/unemployed/?sort=contact"),
        ("worklist unemployed (committee)", committee, "/people/worklists/unemployed/"),
        ("worklist overview (4 goals)", user, "/people/worklists/"),
    ]
    # The machine is shared: the load tells how much of each figure is waiting for a core.
    report.add("jobseekers", "load average (1 min) before timing", round(os.getloadavg()[0], 1), "")
    for label, who, url in scenarios:
        report.add_page("jobseekers", label, time_page(who, url, repeat=30), GOAL_MS, median=True)
