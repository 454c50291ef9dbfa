"""Everything that runs before ``jupyter-book build``: validate, generate, and keep the cache honest.

jupyter-cache keys an executed notebook on its code cells only, so a change to the data or to this
package would leave stale figures. The fingerprint of those inputs is kept beside the cache; when
it changes, the cache is cleared and the build re-reads every page.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from .generated import write_outputs
from .load import load_dataset

CACHE_DIR = Path("_build") / ".jupyter_cache"
FINGERPRINT = Path("_build") / ".inputs-fingerprint"
INPUTS = ("data", "src/alignment_survey")


def inputs_fingerprint(root: Path) -> str:
    """A hash of every file chapters read or run besides their own code: the data and the package."""
    digest = hashlib.sha256()
    for folder in INPUTS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def stale_cache(root: Path) -> bool:
    """True when the inputs changed since the last successful build (or none was recorded)."""
    recorded = root / FINGERPRINT
    return not recorded.is_file() or recorded.read_text().strip() != inputs_fingerprint(root)


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)


def record_fingerprint(root: Path) -> None:
    (root / FINGERPRINT).parent.mkdir(parents=True, exist_ok=True)
    (root / FINGERPRINT).write_text(inputs_fingerprint(root) + "\n")


def forget_fingerprint(root: Path) -> None:
    """After a failed build: Sphinx would not re-read an unchanged failing page and pass next time."""
    (root / FINGERPRINT).unlink(missing_ok=True)


def prepare(root: Path) -> list[Path]:
    """Validate (raising DatasetError on problems) and write the generated files; return changed ones."""
    dataset = load_dataset(root / "data")
    return write_outputs(root, dataset)
