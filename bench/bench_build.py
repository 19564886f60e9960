"""Benchmark: `cchc-docs build q3` against bare docxtpl rendering the same template and context.

Each run is a fresh Python process, as the clerk's command is. Prints a table
of medians and the ratio (goal: ours ≤ 1.3 × bare). Not part of the test run.

Usage: python bench/bench_build.py [--runs 5]
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

STEPS = """
import time, sys
t0 = time.perf_counter()
import click, pydantic, ruamel.yaml, babel.numbers  # the stack bare docxtpl does not pay for
t1 = time.perf_counter()
from pathlib import Path
from generator import pipeline as P
from generator.load import load_inputs
from generator.validate import validate
from generator.check import check_document
t2 = time.perf_counter()
inputs = P._read(["q3"], P.Options(), None)
t3 = time.perf_counter()
valid = validate(inputs)
t4 = time.perf_counter()
rendered = P._render("q3", valid, P.Options())
t5 = time.perf_counter()
check_document(rendered.data)
t6 = time.perf_counter()
print(f"{t1-t0:.3f} {t2-t1:.3f} {t3-t2:.3f} {t4-t3:.3f} {t5-t4:.3f} {t6-t5:.3f}")
"""

BARE = """
import json, sys
from docxtpl import DocxTemplate
template = DocxTemplate(sys.argv[1])
with open(sys.argv[2], encoding="utf-8") as f:
    context = json.load(f)
template.render(context, autoescape=True)
template.save(sys.argv[3])
"""


def context_json(work: Path) -> Path:
    """Writes the template context of the sample's q3 report (as our pipeline makes it) to a JSON file."""
    sys.path.insert(0, str(REPO))
    from generator.compute import compute
    from generator.load import load_inputs
    from generator.present import context
    from generator.validate import validate

    valid = validate(load_inputs(work / "inputs", None, ["q3"]))
    path = work / "context.json"
    path.write_text(json.dumps(context(compute(valid, "q3"), valid.don_vi, valid.ke_hoach), ensure_ascii=False), encoding="utf-8")
    return path


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    exe = shutil.which("cchc-docs")
    if exe is None:
        sys.exit("cchc-docs is not installed: pip install -e .")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        shutil.copytree(REPO / "inputs", work / "inputs")
        shutil.copytree(REPO / "templates", work / "templates")
        ctx = context_json(work)
        ours_cmd = [exe, "build", "q3"]
        bare_cmd = [sys.executable, "-c", BARE, str(work / "templates" / "bao-cao-quy.docx"), str(ctx), str(work / "bare.docx")]
        timed(ours_cmd, work), timed(bare_cmd, work)  # warm the file cache
        ours, bare = [], []
        for _ in range(runs):  # interleaved, so that machine load falls on both alike
            ours.append(timed(ours_cmd, work))
            bare.append(timed(bare_cmd, work))
        steps = [subprocess.run([sys.executable, "-c", STEPS], cwd=work, check=True, capture_output=True, text=True).stdout.split()
                 for _ in range(runs)]
    o, b = statistics.median(ours), statistics.median(bare)
    names = ["imports: click, pydantic, ruamel.yaml, babel", "imports: the generator package (docxtpl, models)",
             "load (5 YAML files)", "validate", "compute + present + render", "layout check of the result"]
    print(f"| measure (median of {runs}) | seconds |")
    print("|---|---|")
    print(f"| cchc-docs build q3 | {o:.3f} |")
    print(f"| bare docxtpl, same template and context | {b:.3f} |")
    print(f"| ratio (goal ≤ 1.3) | {o / b:.2f} |")
    for i, name in enumerate(names):
        print(f"| of ours, in a fresh process: {name} | {statistics.median(float(s[i]) for s in steps):.3f} |")


if __name__ == "__main__":
    main()
