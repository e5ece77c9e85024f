"""Building the message catalogues: what ``make translations`` (and the test run) does.

The PO files of ``locale/<lang>/LC_MESSAGES/django.po`` are the sources, kept in the repository
and edited by the national teams (Weblate or any PO editor). Built here, never committed:

- Serbian in Latin script, ``locale/sr_Latn/LC_MESSAGES/django.po``, generated from the Cyrillic
  catalogue with GNU gettext's ``msgfilter recode-sr-latin``;
- every compiled ``django.mo`` (``msgfmt --check``).

Each step runs only when its source is newer than its output, so calling :func:`build` on every
test run costs nothing once built.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from django.utils.translation import to_locale

from thb_data.languages import GENERATED

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


class BuildError(RuntimeError):
    pass


def po_path(language: str) -> Path:
    return LOCALE_DIR / to_locale(language) / "LC_MESSAGES" / "django.po"


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


def _run(*command: str) -> None:
    if shutil.which(command[0]) is None:
        raise BuildError(f"{command[0]} (GNU gettext) is needed to build the translations.")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise BuildError(f"{' '.join(command)} failed:\n{result.stderr}")


def generate(force: bool = False) -> list[Path]:
    """Write the generated catalogues (sr-latn from sr); returns those written."""
    written = []
    for target, (source, gettext_filter) in GENERATED.items():
        source_po, target_po = po_path(source), po_path(target)
        if not source_po.exists() or not (force or _stale(target_po, source_po)):
            continue
        target_po.parent.mkdir(parents=True, exist_ok=True)
        _run("msgfilter", "--input", str(source_po), "--output-file", str(target_po), gettext_filter)
        written.append(target_po)
    return written


def compile_all(force: bool = False) -> list[Path]:
    """Compile every catalogue whose .mo is missing or older than its .po."""
    written = []
    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if force or _stale(mo, po):
            _run("msgfmt", "--check", "--output-file", str(mo), str(po))
            written.append(mo)
    return written


def build(force: bool = False) -> list[Path]:
    """Generate, then compile: the catalogues the application reads."""
    return [*generate(force), *compile_all(force)]
