"""Benchmarks: `make bench` runs every scenario against real PostgreSQL and prints the figures.

Each app adds a module ``bench/<name>.py`` with a ``run(report)`` function; scenarios seed their
own data in a dedicated database, time what the issue asks to be timed, and call
``report.add(...)``. Results are written to bench-results/latest.json and printed as a table.
"""
