"""Benchmark: the time to check a 5-page document inside one process (goal < 0.3 s).

Usage: python bench/bench_check.py
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests" / "fixtures" / "check")]

from generator.check import check_document  # noqa: E402
import conformant  # noqa: E402


def main() -> None:
    data = conformant.build(repeat=8)  # 5 pages A4 as LibreOffice lays it out
    check_document(data)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        check_document(data)
        times.append(time.perf_counter() - start)
    print("| measure | seconds |")
    print("|---|---|")
    print(f"| check a 5-page document, median of 7 (goal < 0.3) | {statistics.median(times):.3f} |")


if __name__ == "__main__":
    main()
