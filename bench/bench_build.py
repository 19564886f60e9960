"""Benchmark: `cchc-docs build q3` against bare docxtpl rendering the same template and context; where the time goes; scale.

Every run is a fresh Python process, as the clerk's command is. The floor is a
process that imports docxtpl, renders the q3 template with the context our
pipeline passed to docxtpl (recorded once from a real build and replayed from a
JSON file) and saves the .docx; it must exit 0. Each round runs both, in
alternating order, and the ratio is taken within the round (paired), so that
load from other users of the machine falls on both alike. Wall time and the
child's CPU time (os.wait4) are reported, each as a median with its min–max.

Sections (markdown on stdout):
  ratio    ours / floor, wall and CPU (goal: ≤ 1.3 ×)
  steps    CPU and wall per step of `build q3` in a fresh process (imports and
           start-up are what is left outside the steps)
  scale    Biểu 06 of 10, 100, 1,000, 10,000 rows: the whole `build q3` in a fresh
           process, first run (empty cache) and second run, and its peak memory, each
           a median of --scale-runs runs with its min–max; the floor on the same rows

Usage: python bench/bench_build.py [--rounds 11] [--sizes 10,100,1000,10000] [--scale-runs 3] [--repo PATH] [--only ratio,steps,scale]
``--repo`` measures another checkout of the program (e.g. the commit before a change).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

FLOOR = """
import json, sys
from docxtpl import DocxTemplate
template = DocxTemplate(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    context = json.load(f)
template.render(context, autoescape=True)
template.save(sys.argv[3])
"""

# Runs the clerk's command in this process, with the pipeline's steps wrapped to time them (CPU and wall),
# and writes the step times and the peak memory (VmHWM) to the JSON file argv[1] when the command exits.
RUNNER = r"""
import atexit, json, os, re, sys, time
out, args = sys.argv[1], sys.argv[2:]
spent, record = {}, {}
start_cpu, start_wall = time.process_time(), time.perf_counter()

def finish():
    try:
        peak = int(re.search(r"VmHWM:\s+(\d+)", open("/proc/self/status").read())[1])
    except OSError:
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with open(out, "w") as f:
        json.dump({"steps": spent, "context": record.get("context"), "peak_kb": peak,
                   "cpu": time.process_time() - start_cpu, "wall": time.perf_counter() - start_wall}, f, ensure_ascii=False)

atexit.register(finish)
from generator import pipeline

def timed(name, fn):
    def wrapper(*a, **k):
        c, w = time.process_time(), time.perf_counter()
        try:
            return fn(*a, **k)
        finally:
            cpu, wall = spent.get(name, (0.0, 0.0))
            spent[name] = (cpu + time.process_time() - c, wall + time.perf_counter() - w)
    return wrapper

STEPS = {"_read": "load", "validate": "validate", "compute": "compute", "context": "present", "plan_context": "present",
         "render": "render", "write_outputs": "write", "check_document": "self-check", "checked": "self-check"}
for name, step in STEPS.items():
    if callable(getattr(pipeline, name, None)):
        setattr(pipeline, name, timed(step, getattr(pipeline, name)))
if os.environ.get("BENCH_RECORD_CONTEXT"):
    inner = pipeline.render
    def recording(template, context, *rest, **kw):
        record["context"] = context
        return inner(template, context, *rest, **kw)
    pipeline.render = recording
sys.argv = ["cchc-docs", *args]
from generator.cli import main
main()
"""


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float]:
    """Runs ``cmd`` to its end and returns (wall seconds, CPU seconds of the child); fails unless it exits 0."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace")
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd[:3])}… exited {proc.returncode}: {stderr[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def runner(work: Path, env: dict, args: list[str], extra_env: dict | None = None) -> dict:
    """Runs the clerk's command ``args`` through RUNNER in a fresh process and returns what it recorded."""
    out = work / "runner.json"
    run([sys.executable, "-c", RUNNER, str(out), *args], work, {**env, **(extra_env or {})})
    return json.loads(out.read_text(encoding="utf-8"))


def spread(values: list[float], fmt: str = "{:.3f}") -> str:
    """Returns "median (min–max)"."""
    return f"{fmt.format(statistics.median(values))} ({fmt.format(min(values))}–{fmt.format(max(values))})"


def workspace(root: Path) -> None:
    shutil.copytree(REPO / "inputs", root / "inputs")
    shutil.copytree(REPO / "templates", root / "templates")


def ratio_table(work: Path, env: dict, rounds: int) -> list[str]:
    recorded = runner(work, env, ["build", "q3"], {"BENCH_RECORD_CONTEXT": "1"})["context"]
    context = work / "context.json"
    context.write_text(json.dumps(recorded, ensure_ascii=False), encoding="utf-8")
    ours_cmd = [sys.executable, "-m", "generator", "build", "q3"]
    floor_cmd = [sys.executable, "-c", FLOOR, str(work / "templates" / "bao-cao-quy.docx"), str(context), str(work / "floor.docx")]
    run(ours_cmd, work, env), run(floor_cmd, work, env)  # warm the file cache (and ours: its own cache)
    q3 = work / "inputs" / "2023" / "q3.yaml"
    original = q3.read_text(encoding="utf-8")

    def edited(i: int) -> list[str]:
        """The clerk's next build after an edit: a new report number, so a document never built before (its layout is checked)."""
        q3.write_text(original.replace("\nso: 25", f"\nso: {100 + i}", 1), encoding="utf-8")
        return ours_cmd

    ours, edit, floor = [], [], []
    for i in range(rounds):
        trio = [(ours, lambda: ours_cmd), (edit, lambda: edited(i)), (floor, lambda: floor_cmd)]
        for times, cmd in trio if i % 2 == 0 else reversed(trio):
            command = cmd()
            times.append(run(command, work, env))
            q3.write_text(original, encoding="utf-8")
    rows = [
        f"| `build q3` vs the floor, {rounds} paired rounds of fresh processes | wall s, median (min–max) | CPU s, median (min–max) |",
        "|---|---|---|",
        f"| `cchc-docs build q3`, same inputs again | {spread([o[0] for o in ours])} | {spread([o[1] for o in ours])} |",
        f"| `cchc-docs build q3` after an edit of q3.yaml (a new document: its layout is checked) | "
        f"{spread([o[0] for o in edit])} | {spread([o[1] for o in edit])} |",
        f"| floor: bare docxtpl, same template and recorded context | {spread([f[0] for f in floor])} | {spread([f[1] for f in floor])} |",
    ]
    for name, times in (("same inputs", ours), ("after an edit", edit)):
        wall = [o[0] / f[0] for o, f in zip(times, floor)]
        cpu = [o[1] / f[1] for o, f in zip(times, floor)]
        rows.append(f"| ratio within each round, {name} (goal ≤ 1.3) | {spread(wall, '{:.2f}')} | {spread(cpu, '{:.2f}')} |")
    return rows


def steps_table(work: Path, env: dict, rounds: int) -> list[str]:
    runner(work, env, ["build", "q3"])  # warm
    records = [runner(work, env, ["build", "q3"]) for _ in range(rounds)]
    names = []
    for r in records:
        names += [n for n in r["steps"] if n not in names]
    lines = [f"| step of `build q3` (fresh process, {rounds} runs) | CPU ms, median (min–max) | wall ms, median (min–max) |", "|---|---|---|"]
    rest_cpu = [r["cpu"] - sum(c for c, _w in r["steps"].values()) for r in records]
    rest_wall = [r["wall"] - sum(w for _c, w in r["steps"].values()) for r in records]
    lines.append(f"| imports, start-up, command line (outside the steps) | {spread([1000 * x for x in rest_cpu], '{:.0f}')} | "
                 f"{spread([1000 * x for x in rest_wall], '{:.0f}')} |")
    for name in names:
        cpu = [1000 * r["steps"].get(name, (0, 0))[0] for r in records]
        wall = [1000 * r["steps"].get(name, (0, 0))[1] for r in records]
        lines.append(f"| {name} | {spread(cpu, '{:.1f}')} | {spread(wall, '{:.1f}')} |")
    lines.append(f"| total (in-process) | {spread([1000 * r['cpu'] for r in records], '{:.0f}')} | "
                 f"{spread([1000 * r['wall'] for r in records], '{:.0f}')} |")
    return lines


def with_rows(inputs: Path, n: int) -> None:
    """Rewrites q3.yaml with a Biểu 06 of ``n`` balanced rows (everything else as in the sample)."""
    q3 = inputs / "2023" / "q3.yaml"
    original = (REPO / "inputs" / "2023" / "q3.yaml").read_text(encoding="utf-8")
    start = original.index("\nso_lieu:")
    head = original[: original.index("\n", start + 1) + 1]  # up to the so_lieu: line
    tail = original[original.index("  khao_sat:", start):]
    rows = []
    for i in range(n):
        online, in_person = 3 + i % 7, i % 3
        early = online // 2
        on_time = online - early + in_person - 1 if in_person else online - early
        pending = online + in_person - early - on_time
        rows.append(
            f"    - linh_vuc: Lĩnh vực thủ tục hành chính số {i + 1} về chuyển trường, miễn giảm học phí\n"
            f"      tu_ky_truoc: 0\n      truc_tuyen: {online}\n      truc_tiep: {in_person}\n"
            f"      truoc_han: {early}\n      dung_han: {on_time}\n      qua_han: 0\n"
            f"      dang_trong_han: {pending}\n      dang_qua_han: 0\n"
        )
    q3.write_text(head + "  tthc:\n" + "".join(rows) + tail, encoding="utf-8")


PEAK = """
import atexit, re, sys
def peak():
    print(int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read())[1]), file=sys.stderr)
atexit.register(peak)
"""


def floor_at(work: Path, env: dict, context: dict) -> tuple[float, int]:
    """Returns the floor's (wall s, peak KB) on ``context``: bare docxtpl on the same rows."""
    path = work / "context-rows.json"
    path.write_text(json.dumps(context, ensure_ascii=False), encoding="utf-8")
    cmd = [sys.executable, "-c", PEAK + FLOOR, str(work / "templates" / "bao-cao-quy.docx"), str(path), str(work / "floor.docx")]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - start, int(proc.stderr.split()[-1])


def scale_table(work: Path, env: dict, sizes: list[int], runs: int) -> list[str]:
    """Each size ``runs`` times: a first build (empty cache), the same build again, and the floor on the same rows."""
    lines = ["| Biểu 06 rows | first build (empty cache): wall s | peak MB | again (cache warm): wall s | peak MB | "
             "floor (bare docxtpl, same rows): wall s | peak MB | slowest steps, first build (CPU s, median) |",
             "|---|---|---|---|---|---|---|---|"]
    for n in sizes:
        with_rows(work / "inputs", n)
        firsts, agains, floors = [], [], []
        for _ in range(runs):
            shutil.rmtree(work / "outputs", ignore_errors=True)  # the cache lives there: a cold first build
            firsts.append(runner(work, env, ["build", "q3"], {"BENCH_RECORD_CONTEXT": "1"}))
            agains.append(runner(work, env, ["build", "q3"]))
            floors.append(floor_at(work, env, firsts[-1].pop("context")))
        steps = {k: statistics.median(r["steps"].get(k, (0, 0))[0] for r in firsts) for k in firsts[0]["steps"]}
        slow = ", ".join(f"{k} {v:.2f}" for k, v in sorted(steps.items(), key=lambda kv: -kv[1])[:4])
        lines.append(f"| {n:,} | {spread([r['wall'] for r in firsts], '{:.2f}')} | {spread([r['peak_kb'] / 1024 for r in firsts], '{:.0f}')} | "
                     f"{spread([r['wall'] for r in agains], '{:.2f}')} | {spread([r['peak_kb'] / 1024 for r in agains], '{:.0f}')} | "
                     f"{spread([f[0] for f in floors], '{:.2f}')} | {spread([f[1] / 1024 for f in floors], '{:.0f}')} | {slow} |")
        print(f"{n} rows done", file=sys.stderr, flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=11)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout of the program to measure")
    parser.add_argument("--only", default="ratio,steps,scale")
    parser.add_argument("--scale-runs", type=int, default=3, help="runs of each size in the scaling table")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(args.repo.resolve()), "LC_ALL": "C.UTF-8"}
    # As `pip install` does: the program's modules compiled to bytecode once (the libraries' already are), so that
    # no run pays for compiling them, whether or not PYTHONDONTWRITEBYTECODE is set.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(args.repo.resolve() / "generator")], check=True)
    only = args.only.split(",")
    print(f"program: {args.repo.resolve()}, {args.rounds} rounds, load average {os.getloadavg()[0]:.1f}\n")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        workspace(work)
        if "ratio" in only:
            print("\n".join(ratio_table(work, env, args.rounds)) + "\n", flush=True)
        if "steps" in only:
            print("\n".join(steps_table(work, env, args.rounds)) + "\n", flush=True)
        if "scale" in only:
            print("\n".join(scale_table(work, env, [int(s) for s in args.sizes.split(",")], args.scale_runs)), flush=True)


if __name__ == "__main__":
    main()
