"""How fast is the cleaning step? Cleans N synthetic raw rows built from the real patterns.

Prints, for N = 10 000, 100 000 and 1 000 000: seconds, rows/s and peak memory (each size in a
fresh process, so peaks do not mix), then a row-by-row ``DataFrame.apply`` baseline on the
100 000-row set and the speed-up. Goals on the 2-core reference machine: 1 M rows in ≤ 10 s, and
≥ 10× the baseline. Usage::

    .venv/bin/python benchmarks/clean_scale.py            # all sizes and the baseline
    .venv/bin/python benchmarks/clean_scale.py --sizes 10000 --baseline-rows 10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import re
import resource
import subprocess
import sys
import time
from dataclasses import replace

import numpy as np
import pandas as pd

from analysis.clean.figures import clean
from analysis.ingest.rawdata import load_raw_layer
from analysis.parse.numbers import QUALIFIER_WORDS, SCALE_WORDS, VALUE_PATTERN

SEED = 20261122


def synthetic_figures(n: int, seed: int = SEED):
    """n raw rows: the real rows repeated, with plain numbers redrawn and written as their source writes numbers."""
    layer = load_raw_layer()
    real = layer.figures
    rng = np.random.default_rng(seed)
    rows = real.iloc[rng.integers(0, len(real), n)].reset_index(drop=True)
    plain = rows["value_as_written"].str.fullmatch(r"\d[\d.]*").astype(bool)
    shares = rows["unit_as_written"].str.startswith("%")
    draws = pd.Series(rng.integers(1, 999_999, n), index=rows.index)
    draws = draws.where(~shares, draws % 100)
    # written as each source writes numbers: 123.456 in a vi source, 123,456 in an en one
    english = rows["source_id"].map(layer.sources.set_index("source_id")["number_format"]).eq("en")
    written = draws.map("{:,}".format).where(english, draws.map("{:,}".format).str.replace(",", ".", regex=False))
    rows["value_as_written"] = rows["value_as_written"].where(~plain, written)
    rows["figure_id"] = rows["source_id"] + "-" + pd.Series(range(n), index=rows.index).astype(str)
    # The declared corrections name real figure ids, which the synthetic rows no longer have: without
    # them the rows they fix are cleaned as written (a few more rejected rows, the same work).
    return replace(layer, figures=rows, corrections=layer.corrections.iloc[0:0])


def run_one(n: int) -> dict:
    layer = synthetic_figures(n)
    start = time.perf_counter()
    result = clean(layer)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds, "peak_mb": peak_mb,
            "clean": len(result.figures), "rejected": len(result.rejected)}


# --- the baseline: the same parsing, one row at a time -------------------------------------------

_SEPARATORS = {"vi": (".", ","), "en": (",", ".")}
_MONTH_END = re.compile(r"(?:(?:tính )?(?:đến|tới) )?cuối tháng (\d{1,2})/(\d{4})")
_FIRST_MONTHS = re.compile(r"(?:trong )?(\d{1,2}) tháng đầu năm")
_YEAR = re.compile(r"(?:(?:đến|trong|vào) )?(?:năm )?(\d{4})")


def _number(token: str, fmt: str) -> float:
    thousands, decimal = _SEPARATORS[fmt]
    return float(token.replace(thousands, "").replace(decimal, "."))


def _period_end(text: str, published: dt.date) -> dt.date | None:
    text = " ".join(text.lower().split())
    if m := _MONTH_END.fullmatch(text):
        month, year = int(m[1]), int(m[2])
        return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
    if m := _FIRST_MONTHS.fullmatch(text):
        month = int(m[1])
        return dt.date(published.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    if m := _YEAR.fullmatch(text):
        return dt.date(int(m[1]), 12, 31)
    return published


def clean_row(row: pd.Series) -> pd.Series:
    """A row-by-row cleaner: what a plain ``apply`` would do, with the package's own vocabularies."""
    text = " ".join(row["value_as_written"].split())
    match = re.fullmatch(VALUE_PATTERN, text)
    value = high = None
    if match:
        value = _number(match["a"], row["number_format"]) * SCALE_WORDS.get((match["scale_a"] or "").lower(), 1.0)
        if match["b"]:
            high = _number(match["b"], row["number_format"])
    qualifier = QUALIFIER_WORDS.get(row["qualifier_as_written"].strip().lower(), "unknown")
    end = _period_end(row["period_as_written"], row["published"])
    return pd.Series({"value": value, "value_high": high, "qualifier": qualifier, "period_end": end})


def run_baseline(n: int) -> dict:
    layer = synthetic_figures(n)
    published = dict(zip(layer.sources["source_id"], pd.to_datetime(layer.sources["published"]).dt.date))
    formats = dict(zip(layer.sources["source_id"], layer.sources["number_format"]))
    frame = layer.figures.assign(published=layer.figures["source_id"].map(published),
                                 number_format=layer.figures["source_id"].map(formats))
    start = time.perf_counter()
    frame.apply(clean_row, axis=1)
    seconds = time.perf_counter() - start
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds}


def in_subprocess(flag: str, n: int) -> dict:
    out = subprocess.run([sys.executable, __file__, flag, str(n)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--baseline", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    if args.baseline:
        print(json.dumps(run_baseline(args.baseline)))
        return

    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, "
          f"pandas {pd.__version__}, {__import__('os').cpu_count()} cores")
    print(f"{'rows':>10} {'seconds':>8} {'rows/s':>12} {'peak MB':>8} {'clean':>10} {'rejected':>9}")
    results = {}
    for n in args.sizes:
        r = in_subprocess("--one", n)
        results[n] = r
        print(f"{r['rows']:>10,} {r['seconds']:>8.2f} {r['rows_per_s']:>12,.0f} {r['peak_mb']:>8.0f} "
              f"{r['clean']:>10,} {r['rejected']:>9,}")
    base = in_subprocess("--baseline", args.baseline_rows)
    print(f"baseline (row-by-row apply, value + qualifier + period only): {base['rows']:,} rows in "
          f"{base['seconds']:.2f} s = {base['rows_per_s']:,.0f} rows/s")
    if args.baseline_rows in results:
        speedup = results[args.baseline_rows]["rows_per_s"] / base["rows_per_s"]
        print(f"speed-up of the vectorized cleaning over the baseline at {args.baseline_rows:,} rows: {speedup:.1f}x "
              f"(goal ≥ 10x)")
    if 1_000_000 in results:
        s = results[1_000_000]["seconds"]
        print(f"1,000,000 rows in {s:.2f} s (goal ≤ 10 s): {'met' if s <= 10 else 'missed'}")


if __name__ == "__main__":
    main()
