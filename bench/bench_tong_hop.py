"""Benchmark: `cchc-docs tong-hop q3` for an office of 10 … 1,000 schools (goals: 60 < 3 s, 1,000 < 30 s, < 300 MB).

The schools' reports are the sample's (examples/tong-hop), each cloned under
new school codes by rewriting the code in its data part, so every file is a
real report of ours. Each run is a fresh process; wall time, CPU time (user +
system: the machine is shared) and peak memory (max RSS) are measured. Not
part of the test run.

Usage: python bench/bench_tong_hop.py [--sizes 10 60 250 1000] [--runs 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "examples" / "tong-hop"


def office(folder: Path, schools: int) -> None:
    """Makes an office workspace of ``schools`` schools, each with a Q3 report cloned from the sample's."""
    shutil.copytree(SAMPLE / "inputs", folder / "inputs")
    sources = sorted((SAMPLE / "nop" / "2023" / "q3").rglob("*.docx"))
    received = folder / "nop" / "2023" / "q3"
    received.mkdir(parents=True)
    lines = ["truong:"]
    for i in range(schools):
        source = sources[i % len(sources)]
        with zipfile.ZipFile(source) as z:
            old = next(n for n in z.namelist() if n.startswith("customXml/item") and b"urn:cchc-docs" in z.read(n))
            code = z.read(old).split(b'ky_hieu="')[1].split(b'"')[0]
            new = f"T{i:04d}"
            with zipfile.ZipFile(received / f"BC-CCHC-Q3-2023-{new}.docx", "w", zipfile.ZIP_DEFLATED) as out:
                for info in z.infolist():
                    data = z.read(info.filename)
                    out.writestr(info, data.replace(b'ky_hieu="' + code, b'ky_hieu="' + new.encode()) if info.filename == old else data)
        lines.append(f"  - {{ky_hieu: {new}, ten: Trường THCS số {i + 1}}}")
    (folder / "inputs" / "truong.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def measure(folder: Path) -> tuple[float, float, float]:
    """Returns wall seconds, CPU seconds and peak MB of one fresh `cchc-docs tong-hop q3` in ``folder``."""
    shutil.rmtree(folder / "outputs", ignore_errors=True)
    script = ("import resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              "subprocess.run(['cchc-docs', 'tong-hop', 'q3'], check=True, capture_output=True)\n"
              "wall = time.perf_counter() - t\n"
              "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
              "print(wall, u.ru_utime + u.ru_stime, u.ru_maxrss / 1024)\n")
    out = subprocess.run(["python", "-c", script], cwd=folder, check=True, capture_output=True, text=True).stdout
    wall, cpu, mb = map(float, out.split())
    return wall, cpu, mb


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 60, 250, 1000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print("| schools | wall s (median) | CPU s (median) | peak MB | wall s per school |")
    print("|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            folder = Path(tmp) / str(n)
            office(folder, n)
            runs = [measure(folder) for _ in range(args.runs)]
            wall = statistics.median(r[0] for r in runs)
            cpu = statistics.median(r[1] for r in runs)
            peak = max(r[2] for r in runs)
            print(f"| {n} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {wall / n:.3f} |", flush=True)


if __name__ == "__main__":
    main()
