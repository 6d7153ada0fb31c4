#!/usr/bin/env python3
"""The Spark integration in local mode on generated messages: wall time and messages/s.

    python benchmarks/spark_local.py [--n 100000] [--master local[2]] [--partitions 16]

Needs the spark extra (`pip install -e '.[spark]'`) and a Java runtime. The messages are
the seeded corpus of `../shared/bench/gen_corpus.py` (as in `throughput.py`), read by Spark
straight from the JSONL file, so the driver never holds them. The timed part is
`lint_dataframe(df).count()`: every message goes through `mapInPandas` (a count cannot skip
the Python function, whose output size Spark cannot know). Session start-up is timed
apart. For scale, a plain `Linter.lint` loop over the first `--baseline` messages runs in
the driver first, on one core, in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DATA, corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=20251123)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=16)
    ap.add_argument("--baseline", type=int, default=2000)
    args = ap.parse_args()

    corpus(args.n, args.seed)  # builds the JSONL once, cached under benchmarks/.data
    path = DATA / f"corpus-{args.n}-{args.seed}.jsonl"

    import bsm_lint
    from bsm_lint.integrations.spark import lint_dataframe

    linter = bsm_lint.Linter()
    sample = []
    with path.open(encoding="utf-8") as f:
        for line, _ in zip(f, range(args.baseline), strict=False):
            sample.append(bsm_lint.Message(body=json.loads(line)["text"]))
    linter.lint(sample[0])
    t0 = time.perf_counter()
    for m in sample:
        linter.lint(m)
    loop = time.perf_counter() - t0

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession

    t0 = time.perf_counter()
    spark = (
        SparkSession.builder.master(args.master)
        .appName("bsm-lint-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter() - t0

    df = (
        spark.read.json(str(path))
        .selectExpr("id", "text AS body")
        .repartition(args.partitions)
        .cache()
    )
    n = df.count()  # read, parse and shuffle once, outside the timed part
    t0 = time.perf_counter()
    found = lint_dataframe(df).count()
    wall = time.perf_counter() - t0
    spark.stop()

    load = os.getloadavg()
    print(
        f"{n:,} messages, {len(linter.rules)} rules, {found:,} violation rows; "
        f"{args.master}, {args.partitions} partitions; {os.cpu_count()} CPUs, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"Spark session start-up: {start:.1f} s")
    print(f"lint_dataframe(...).count(): {wall:.1f} s wall, {n / wall:,.0f} messages/s")
    print(
        f"plain Linter.lint loop in the driver, first {len(sample):,} messages: "
        f"{len(sample) / loop:,.0f} messages/s"
    )


if __name__ == "__main__":
    main()
