"""Everything that runs before ``jupyter-book build``: validate, generate, and keep the cache honest.

jupyter-cache keys an executed notebook on its code cells only, so a change to the data or to this
package would leave stale figures. The fingerprint of those inputs is kept beside the cache; when
it changes, the cache is cleared and the build re-reads every page.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from alignment_survey.book.generated import write_outputs
from alignment_survey.data import snapshot
from alignment_survey.data.load import load_dataset
from alignment_survey.files import layout


def inputs_fingerprint(root: Path) -> str:
    """A hash of every file chapters read or run besides their own code: the data and the package.

    The data's part is its snapshot key (:mod:`alignment_survey.data.snapshot`), which stats the
    files instead of reading them all again.
    """
    digest = hashlib.sha256(snapshot.scan(root / layout.DATA).key.encode())
    for path in sorted((root / layout.PACKAGE).rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def stale_cache(root: Path) -> bool:
    """True when the inputs changed since the last successful build (or none was recorded)."""
    recorded = root / layout.FINGERPRINT
    return not recorded.is_file() or recorded.read_text().strip() != inputs_fingerprint(root)


def clear_cache(root: Path) -> None:
    shutil.rmtree(root / layout.EXECUTION_CACHE, ignore_errors=True)


def record_fingerprint(root: Path) -> None:
    (root / layout.FINGERPRINT).parent.mkdir(parents=True, exist_ok=True)
    (root / layout.FINGERPRINT).write_text(inputs_fingerprint(root) + "\n")


def forget_fingerprint(root: Path) -> None:
    """After a failed build: Sphinx would not re-read an unchanged failing page and pass next time."""
    (root / layout.FINGERPRINT).unlink(missing_ok=True)


def prepare(root: Path) -> list[Path]:
    """Validate (raising DatasetError on problems) and write the generated files; return changed ones."""
    dataset = load_dataset(root / layout.DATA)
    return write_outputs(root, dataset)
