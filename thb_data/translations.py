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

import ast
import re
import shutil
import subprocess
from dataclasses import dataclass, field
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
    # The commands are GNU gettext tools on paths of this checkout, never user input.
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
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
        _run(
            "msgfilter", "--input", str(source_po), "--output-file", str(target_po), gettext_filter
        )
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


# --- reading a PO file (the completeness tests and the tools of the translators) ----------------


@dataclass
class Entry:
    """One message of a PO file (the header is the entry with an empty msgid)."""

    msgid: str
    msgstr: list[str]
    context: str = ""
    msgid_plural: str = ""
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def translated(self) -> bool:
        return all(self.msgstr) and bool(self.msgstr)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def _unquote(text: str) -> str:
    return ast.literal_eval(text)


def read_po(path: Path) -> list[Entry]:
    """The entries of a PO file, the header included (GNU gettext's syntax, as msgmerge writes
    it: ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr`` / ``msgstr[n]``, continuation
    lines, ``#,`` flags and ``#:`` references)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        entry = Entry(msgid="", msgstr=[])
        key = None
        values: dict[str, str] = {}
        for line in lines:
            if line.startswith("#~"):
                entry.obsolete = True
                continue
            if line.startswith("#,"):
                entry.flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#:"):
                entry.references.extend(line[2:].split())
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                values[key] += _unquote(line)
            else:
                key, _, rest = line.partition(" ")
                values[key] = _unquote(rest)
        if not values:
            continue
        entry.context = values.get("msgctxt", "")
        entry.msgid = values.get("msgid", "")
        entry.msgid_plural = values.get("msgid_plural", "")
        if "msgstr" in values:
            entry.msgstr = [values["msgstr"]]
        else:
            entry.msgstr = [values[k] for k in sorted(values) if k.startswith("msgstr[")]
        entries.append(entry)
    return entries


# printf-style placeholders (%(name)s, %s, %d, %%) and str.format ones ({name}, {0}, {}).
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{[^{}\s]*\}"
)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))
