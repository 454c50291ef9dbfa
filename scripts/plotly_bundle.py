"""Build the book's reduced plotly.js: only the trace types its charts draw, about a third the size.

python scripts/plotly_bundle.py            # rebuild _ext/plotly/plotly-survey.min.js, record its checksum
python scripts/plotly_bundle.py --check    # rebuild in a temporary folder; fail unless byte-identical

Versions are pinned by ``_ext/plotly/package.json`` and ``package-lock.json`` (installed with
``npm ci``); plotly.js must be the version plotly.py ships, so figures and bundle agree. The
bundle uses plotly.js's documented module entry points (``lib/core`` plus one module per trace)
and esbuild, as plotly.js's own build does. The result is committed, so building the book needs
no Node.js; ``bundle.json`` records the trace types, the file's size and its SHA-256, which
``tests/test_plotly_bundle.py`` checks against the file, and checks that every chart of the built
site uses a trace type the bundle draws.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "_ext" / "plotly"
MANIFEST = FOLDER / "bundle.json"
BUNDLE = FOLDER / "plotly-survey.min.js"


def pinned_version() -> str:
    return json.loads((FOLDER / "package.json").read_text())["dependencies"]["plotly.js"]


def entry_source(traces: list[str]) -> str:
    """The bundle's entry module: plotly's core (which holds scatter) and each other trace."""
    modules = ", ".join(f'require("plotly.js/lib/{t}")' for t in traces if t != "scatter")
    return (
        'var Plotly = require("plotly.js/lib/core");\n'
        f"Plotly.register([{modules}]);\n"
        "module.exports = Plotly;\n"
    )


def build(traces: list[str], out: Path) -> None:
    """Install the locked packages (once) and bundle ``traces`` into ``out``, minified."""
    if not (FOLDER / "node_modules" / ".package-lock.json").is_file():
        subprocess.run(
            ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=FOLDER, check=True
        )
    banner = (
        f"/**\n* plotly.js (survey book: {', '.join(traces)} - minified) v{pinned_version()}\n"
        "* Copyright 2012-2026, Plotly, Inc.\n* All rights reserved.\n"
        "* Licensed under the MIT license\n*/"
    )
    command = [
        str(FOLDER / "node_modules" / ".bin" / "esbuild"),
        "--bundle",
        "--minify",
        "--format=iife",
        "--global-name=Plotly",
        "--target=es2016",
        "--define:global=window",
        "--define:define.amd=false",
        "--loader:.css=empty",  # maplibre's stylesheet: the map traces are left out
        "--legal-comments=none",
        "--log-level=warning",
        f"--banner:js={banner}",
        "--sourcefile=survey-plotly.js",
        f"--outfile={out}",
    ]
    subprocess.run(command, cwd=FOLDER, input=entry_source(traces), text=True, check=True)


def describe(path: Path, traces: list[str]) -> dict:
    data = path.read_bytes()
    return {
        "plotly.js": pinned_version(),
        "traces": traces,
        "file": path.name,
        "bytes": len(data),
        "gzip_bytes": len(gzip.compress(data, compresslevel=9, mtime=0)),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="rebuild and compare, change nothing")
    parser.add_argument("--traces", help="comma-separated trace types (default: those recorded)")
    args = parser.parse_args()
    if pinned_version() != get_plotlyjs_version():
        print(
            f"_ext/plotly/package.json pins plotly.js {pinned_version()}, plotly.py ships "
            f"{get_plotlyjs_version()}: update the pin and package-lock.json first",
            file=sys.stderr,
        )
        return 1
    recorded = json.loads(MANIFEST.read_text()) if MANIFEST.is_file() else {}
    traces = args.traces.split(",") if args.traces else recorded["traces"]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / BUNDLE.name
        build(traces, out)
        built = describe(out, traces)
        if args.check:
            if built != recorded:
                print(
                    f"the bundle does not rebuild identically:\n{built}\n{recorded}",
                    file=sys.stderr,
                )
                return 1
            print(f"{BUNDLE.name} rebuilds identically ({built['sha256'][:12]})")
            return 0
        shutil.copyfile(out, BUNDLE)
    MANIFEST.write_text(json.dumps(built, indent=2) + "\n")
    print(f"wrote {BUNDLE.relative_to(ROOT)}: {built['bytes']:,} B, {built['gzip_bytes']:,} B gzip")
    return 0


if __name__ == "__main__":
    sys.exit(main())
