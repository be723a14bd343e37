"""Benchmark: every form of one person's dossier filled and zipped (the "whole dossier" download), and one form as
PDF. Goal: the zip under one second.

    .venv/bin/python benchmarks/dossier_documents.py [--runs 10]

Builds a throw-away test database with the demo data (ptdv demo), takes the demo's recognised full member (every
step recorded, so every form has data) and times documents.generation.dossier_zip: reading the dossier's facts and
filling the 16 Word templates.
"""

import argparse
import statistics
import time

from benchlib import throwaway_database  # sets Django up
from django.core.management import call_command
from django.db import connection


def timed(call, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times), max(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with throwaway_database(sqlite_on_disk=False):
        from ptdv.admission.models import Dossier
        from ptdv.documents import filling, generation

        call_command("demo", verbosity=0)
        dossier = Dossier.objects.filter(stage="full_member").first() or Dossier.objects.order_by("-version").first()
        generation.dossier_zip(dossier)  # warm up: imports, first template reads
        zip_median, worst = timed(lambda: generation.dossier_zip(dossier), args.runs)
        size = len(generation.dossier_zip(dossier))
        print(f"engine: {connection.vendor}; dossier at stage {dossier.stage}; {len(filling.FORMS)} forms")
        print(f"whole dossier zip: median {zip_median * 1000:.0f} ms, worst {worst * 1000:.0f} ms, {size // 1024} KiB")
        median, worst = timed(lambda: generation.dossier_form(dossier, "9-KNĐ"), args.runs)
        print(f"one form (9-KNĐ, .docx): median {median * 1000:.0f} ms")
        generation.dossier_form(dossier, "9-KNĐ", "pdf")
        median, worst = timed(lambda: generation.dossier_form(dossier, "9-KNĐ", "pdf"), max(3, args.runs // 3))
        print(f"one form (9-KNĐ, .pdf via WeasyPrint): median {median * 1000:.0f} ms")
        print("goal: whole dossier zip < 1000 ms:", "met" if zip_median < 1 else "NOT met")


if __name__ == "__main__":
    main()
