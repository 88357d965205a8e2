"""``make bench``: figures for the platform's hot paths, measured with wrk against the real processes.

Each scenario prints a table and adds its figures to ``bench/results/latest.json``.  A benchmark
reports numbers; it never passes or fails on them.
"""
