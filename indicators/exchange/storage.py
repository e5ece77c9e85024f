"""What an upload waiting for confirmation keeps: the rows the file was read into, never the file.

The first letters of the names (``pc_first_name``, ``pc_family_name``) are replaced by the keyed
hashes the validation built from them (personal code, near-match key, letter keys): the letters
themselves are never written anywhere. The rows are then compressed and encrypted (AES-256-GCM)
with a key made for this upload alone, bound to its id; the key goes to the uploader's browser
in a cookie and never into the database, so the database and its backups hold nothing readable
of the file, the dates of birth included.
"""

from __future__ import annotations

import json
import os
import zlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from . import columns as cols
from .parse import ImportFileError, SealedCode, Table

NONCE_BYTES = 12


class SealError(ImportFileError):
    """The stored rows cannot be opened (no key, another key, damaged)."""


def new_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(table: Table, personal_codes: dict[int, dict], *, key: bytes, upload_id) -> bytes:
    """The rows of ``table``, the letters of the personal code replaced by
    ``personal_codes[row]`` (the keyed hashes of the validation), encrypted with ``key``."""
    positions = [
        index
        for index, header in enumerate(table.headers)
        if header.strip().lower() in cols.PERSONAL_CODE_COLUMNS
    ]
    rows = []
    for number, cells in table.rows:
        cells = list(cells)
        code = personal_codes.get(number)
        for order, index in enumerate(positions):
            if index < len(cells):
                cells[index] = {"code": code} if code and order == 0 else ""
        rows.append([number, cells])
    plain = json.dumps(
        {"kind": table.kind, "headers": table.headers, "rows": rows},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, zlib.compress(plain, 6), str(upload_id).encode())


def unseal(blob: bytes, *, key: bytes | None, upload_id) -> Table:
    """The table :func:`seal` stored; raises SealError without the right key."""
    if not key or len(blob) <= NONCE_BYTES:
        raise SealError(
            "This upload can only be confirmed in the browser it was uploaded from: upload the "
            "file again."
        )
    try:
        plain = AESGCM(key).decrypt(
            bytes(blob[:NONCE_BYTES]), bytes(blob[NONCE_BYTES:]), str(upload_id).encode()
        )
    except (InvalidTag, ValueError):
        raise SealError(
            "This upload can only be confirmed in the browser it was uploaded from: upload the "
            "file again."
        ) from None
    data = json.loads(zlib.decompress(plain))
    rows = [
        (
            number,
            [SealedCode(**cell["code"]) if isinstance(cell, dict) else cell for cell in cells],
        )
        for number, cells in data["rows"]
    ]
    return Table(data["kind"], data["headers"], rows)
