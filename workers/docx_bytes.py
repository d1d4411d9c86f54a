"""Stable bytes for generated .docx files: the same content gives the same sha256.

python-docx stamps every zip entry with the time of saving. Here the package is written with a
fixed timestamp and a fixed entry order ([Content_Types].xml first, then by name); pictures,
already compressed, are stored as they are. ``normalise_docx`` does the same to bytes that
python-docx (or anything else) has already saved.
"""
from __future__ import annotations

import io
import zipfile

from docx.opc.pkgwriter import PackageWriter

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CONTENT_TYPES = "[Content_Types].xml"
STORED_SUFFIXES = (".png", ".jpeg", ".jpg", ".gif")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in sorted(members, key=lambda n: (n != CONTENT_TYPES, n)):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.external_attr = 0o644 << 16
            if name.lower().endswith(STORED_SUFFIXES):
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, members[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, members[name], compresslevel=6)
    return out.getvalue()


def normalise_docx(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return _zip({name: src.read(name) for name in src.namelist()})


class _Members:
    """Stands in for python-docx's zip writer: collects (member name, bytes)."""

    def __init__(self) -> None:
        self.members: dict[str, bytes] = {}

    def write(self, pack_uri, blob: bytes) -> None:
        self.members[pack_uri.membername] = blob


def document_bytes(document) -> bytes:
    """What ``document.save`` writes, with stable zip metadata and without compressing twice.
    Follows docx.opc.package.OpcPackage.save and PackageWriter.write (python-docx 1.x)."""
    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    sink = _Members()
    PackageWriter._write_content_types_stream(sink, parts)
    PackageWriter._write_pkg_rels(sink, package.rels)
    PackageWriter._write_parts(sink, parts)
    return _zip(sink.members)
