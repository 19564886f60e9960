"""Benchmark: documents per second, render time against the size of Biểu 06, peak memory. Prints markdown.

(b) documents per second: q1, q2, q3, nam and ke-hoach built one after the
    other in one process with generator.pipeline.build (until `build all` exists);
(c) a q3.yaml whose Biểu 06 has 10, 100, 1,000 and 10,000 rows: the render step
    alone and the whole build, in-process, and the growth from one size to the next
    (goal: 1,000 rows render in under 1 s; growth no worse than linear, i.e. a
    ratio ≤ 10 for ten times the rows);
(d) peak memory at 1,000 rows: tracemalloc's peak in-process, and ru_maxrss of a
    fresh process that runs the build (goal: under 150 MB).

The steps are timed by wrapping the names generator.pipeline calls (render,
check_document, validate, …), so the benchmark needs no change in the program.
When a goal is missed, the build at that size is profiled (cProfile) and the
functions where the time goes are printed.

Above --check-limit rows (default 2,000) the layout check (check_document) is
replaced by a stub: it grows much faster than the rows (8 s at 1,000 rows,
230 s at 4,000 on a 2-core machine) and would keep 10,000 rows from finishing.

Usage: python bench/bench_render.py [--runs 3] [--sizes 10,100,1000,10000] [--check-limit 2000] [--profile]
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench")]

from bench_build import with_rows as rows_in  # noqa: E402
from generator import pipeline  # noqa: E402
from generator.pipeline import Options, build  # noqa: E402

DOCUMENTS = ("q1", "q2", "q3", "nam", "ke-hoach")
STEPS = ("load_inputs", "validate", "compute", "context", "_present", "render", "write_outputs", "write_atomic", "check_document")
RENDER_GOAL_S = 1.0
MEMORY_GOAL_MB = 150


def workspace(root: Path) -> Options:
    shutil.copytree(REPO / "inputs", root / "inputs")
    return Options(inputs=root / "inputs", templates=REPO / "templates", outputs=root / "outputs")


def with_rows(options: Options, n: int) -> None:
    """Rewrites q3.yaml with a Biểu 06 of ``n`` balanced rows (everything else as in the sample)."""
    rows_in(options.inputs, n)


@contextmanager
def step_timers():
    """Wraps the step functions generator.pipeline calls; yields a dict step → seconds, summed over calls."""
    spent: dict[str, float] = {}
    saved = {}

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return wrapper

    for name in STEPS:
        fn = getattr(pipeline, name, None)
        if callable(fn):
            saved[name] = fn
            setattr(pipeline, name, timed(name, fn))
    try:
        yield spent
    finally:
        for name, fn in saved.items():
            setattr(pipeline, name, fn)


def documents_per_second(runs: int) -> list[tuple[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        options = workspace(Path(tmp))
        start = time.perf_counter()
        for d in DOCUMENTS:
            build(d, options)
        cold = time.perf_counter() - start
        rounds = []
        for _ in range(runs):
            start = time.perf_counter()
            for d in DOCUMENTS:
                build(d, options)
            rounds.append(time.perf_counter() - start)
    warm = statistics.median(rounds)
    return [
        (f"(b) {len(DOCUMENTS)} documents (q1 q2 q3 nam ke-hoach), first round in a new process", f"{cold:.2f} s = {len(DOCUMENTS) / cold:.1f} docs/s"),
        (f"(b) the same, warm (median of {runs})", f"{warm:.2f} s = {len(DOCUMENTS) / warm:.1f} docs/s"),
    ]


def by_size(sizes: list[int], runs: int, check_limit: int) -> tuple[list[dict], Options, tempfile.TemporaryDirectory]:
    tmp = tempfile.TemporaryDirectory()
    options = workspace(Path(tmp.name))
    build("q3", options)  # imports and caches warm
    results = []
    for n in sizes:
        with_rows(options, n)
        totals, renders, steps_all = [], [], []
        real_check = pipeline.check_document
        if n > check_limit:
            pipeline.check_document = lambda data: []
        try:
            for _ in range(runs if n <= 1000 else 1):
                with step_timers() as steps:
                    start = time.perf_counter()
                    build("q3", options)
                    totals.append(time.perf_counter() - start)
                renders.append(steps.get("render", float("nan")))
                steps_all.append(dict(steps))
        finally:
            pipeline.check_document = real_check
        median_steps = {k: statistics.median(s.get(k, 0.0) for s in steps_all) for k in steps_all[0]}
        results.append({"rows": n, "render": statistics.median(renders), "build": statistics.median(totals), "steps": median_steps,
                        "checked": n <= check_limit})
        print(f"{n:,} rows: render {results[-1]['render']:.3f} s, build {results[-1]['build']:.3f} s, steps "
              + ", ".join(f"{k} {v:.3f}" for k, v in median_steps.items()), file=sys.stderr, flush=True)
    return results, options, tmp


def memory(options: Options, n: int) -> list[tuple[str, str]]:
    with_rows(options, n)
    tracemalloc.start()
    build("q3", options)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    script = (
        "import resource, sys; from pathlib import Path; "
        f"sys.path.insert(0, {str(REPO)!r}); "
        "from generator.pipeline import Options, build; "
        f"build('q3', Options(inputs=Path({str(options.inputs)!r}), templates=Path({str(REPO / 'templates')!r}), "
        f"outputs=Path({str(options.outputs)!r}))); "
        "print(PEAK())"
    )
    # ru_maxrss survives exec on Linux: a child forked from this (large) process would report our size.
    # VmHWM is the peak of the new process image alone.
    peak_fn = ("import re, resource\n"
               "def PEAK():\n"
               "    try:\n"
               "        return int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])\n"
               "    except OSError:\n"
               "        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n")
    script = peak_fn + script
    rss_kb = int(subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True).stdout.split()[-1])
    baseline = int(subprocess.run([sys.executable, "-c", script.split("build('q3'")[0].rstrip("; ") + "; print(PEAK())"],
                                  check=True, capture_output=True, text=True).stdout.split()[-1])
    peak_mb, rss_mb = peak / 2**20, rss_kb / 1024
    ok = lambda mb: "✓" if mb < MEMORY_GOAL_MB else "✗"  # noqa: E731
    return [
        (f"(d) tracemalloc peak, build of {n:,} rows (goal < {MEMORY_GOAL_MB} MB)", f"{peak_mb:.1f} MB {ok(peak_mb)}"),
        (f"(d) peak RSS (VmHWM) of a fresh process building {n:,} rows (goal < {MEMORY_GOAL_MB} MB)", f"{rss_mb:.1f} MB {ok(rss_mb)}"),
        ("(d) peak RSS (VmHWM) of a fresh process after the imports only", f"{baseline / 1024:.1f} MB"),
    ]


def profile(options: Options, n: int, top: int = 18) -> str:
    with_rows(options, n)
    profiler = cProfile.Profile()
    profiler.enable()
    build("q3", options)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--check-limit", type=int, default=2000)
    parser.add_argument("--profile", action="store_true", help="profile the 1,000-row build even when the goals are met")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    rows = documents_per_second(args.runs)
    results, options, tmp = by_size(sizes, args.runs, args.check_limit)
    with tmp:
        print("| measure | value |")
        print("|---|---|")
        for name, value in rows:
            print(f"| {name} | {value} |")
        missed = []
        previous = None
        for r in results:
            growth = ""
            if previous:
                factor = r["rows"] / previous["rows"]
                ratio = r["render"] / previous["render"]
                growth = f"; ×{ratio:.1f} render, ×{r['build'] / previous['build']:.1f} build for ×{factor:g} rows"
                if ratio > factor * 1.1:
                    missed.append((r["rows"], f"render grows faster than the rows (×{ratio:.1f} for ×{factor:g})"))
                build_ratio = r["build"] / previous["build"]
                if build_ratio > factor * 1.1 and r["checked"] == previous["checked"]:
                    missed.append((r["rows"], f"the whole build grows faster than the rows (×{build_ratio:.1f} for ×{factor:g} rows)"))
            goal = ""
            if r["rows"] == 1000:
                goal = " ✓" if r["render"] < RENDER_GOAL_S else " ✗"
                if r["render"] >= RENDER_GOAL_S:
                    missed.append((1000, f"1,000 rows render in {r['render']:.2f} s (goal < {RENDER_GOAL_S} s)"))
            skipped = "" if r["checked"] else " (layout check skipped)"
            print(f"| (c) Biểu 06 of {r['rows']:,} rows: render / whole build{skipped} | {r['render']:.3f} s / {r['build']:.3f} s{goal}{growth} |")
            previous = r
        for r in results:
            parts = ", ".join(f"{k} {v:.3f}" for k, v in sorted(r["steps"].items(), key=lambda kv: -kv[1]) if v >= 0.001)
            print(f"| (c) steps at {r['rows']:,} rows (s) | {parts} |")
        mem_rows = memory(options, 1000)
        for name, value in mem_rows:
            print(f"| {name} | {value} |")
            if "✗" in value:
                missed.append((1000, name))
        if missed or args.profile:
            print()
            for n, why in missed:
                print(f"Goal missed: {why}.")
            n = min(max([n for n, _ in missed] or [1000]), 1000)
            print(f"\nProfile of the whole build at {n:,} rows (cProfile, by own time):\n")
            print("```")
            print(profile(options, n))
            print("```")


if __name__ == "__main__":
    main()
