"""Command line: ``python -m analysis validate`` checks the raw layer (``make validate``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import articles, paths
from .errors import DataError
from .rawdata import load_raw_layer


def validate(raw_dir: Path, sources_dir: Path) -> int:
    """Check the raw files, then the provenance against the article texts where they are available."""
    try:
        layer = load_raw_layer(raw_dir)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"raw layer: {len(layer.figures)} figures from {len(layer.sources)} sources, "
          f"{len(layer.indicators)} indicators, {len(layer.provinces)} provinces: valid")
    found = articles.available_articles(layer.sources, sources_dir)
    if not found:
        print(f"provenance: no article texts in {sources_dir} (set ${paths.SOURCES_ENV}); "
              "locators and hashes not checked")
        return 0
    problems = articles.check_hashes(layer.sources, found) + articles.check_quotes(layer, found)
    if problems:
        print(DataError(problems), file=sys.stderr)
        return 1
    checked = layer.figures["source_id"].isin(found.keys()).sum()
    print(f"provenance: {len(found)}/{len(layer.sources)} article texts match their SHA-256; "
          f"{checked} locators found in their articles")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check data/raw and its provenance")
    check.add_argument("--raw", type=Path, default=paths.RAW, help="folder of the raw CSV files")
    check.add_argument("--sources", type=Path, default=None,
                       help=f"folder of the article texts (default: ${paths.SOURCES_ENV} or ../shared/sources)")
    args = parser.parse_args(argv)
    return validate(args.raw, args.sources or paths.sources_dir())


if __name__ == "__main__":
    sys.exit(main())
