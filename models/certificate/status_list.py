"""Each issuer's Bitstring Status List (W3C Bitstring Status List v1.0, purpose ``revocation``).

A certificate gets its index when it is issued (``take_status_index``, inside the issuing transaction, so
the index and the certificate commit together and a rolled-back issue takes no index). The bits are not
stored: a certificate's bit is set while its status is not VALID (revoked, or replaced by a reissue), read
from the certificate rows when the list is served, so a revocation and its bit are one write and cannot
disagree. The list is at least 131,072 bits long (the spec's minimum, for herd privacy) and grows by that
block when the indices reach its end, so it never fills up and existing indices stay where they are.
"""
from __future__ import annotations

import base64
import gzip

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from models.certificate.models import Certificate, CertificateStatus, IssuerCode, StatusList

BLOCK = 131_072  # bits: the minimum length the spec asks for, and the step a list grows by
PURPOSE = "revocation"


async def take_status_index(issuer_id: int) -> int:
    """The next index of the issuer's revocation list. Call it inside the transaction that creates the
    certificate: the counter's row lock then queues concurrent issuers of one issuer, as the number range's
    does (taken after the number, always in that order, so the two locks never deadlock)."""
    list_id = await _list_id(issuer_id)
    async with in_transaction() as conn:  # a savepoint inside the caller's transaction
        mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
        # SET reads the row as it was: an index at the end grows the list by a block before it is handed out.
        rows = await conn.execute_query_dict(
            f"UPDATE status_list SET next_index = next_index + 1, size = CASE WHEN next_index >= size "
            f"THEN size + {BLOCK} ELSE size END WHERE id = {mark} RETURNING next_index - 1 AS idx", [list_id])
    return rows[0]["idx"]


async def _list_id(issuer_id: int) -> int:
    found = await StatusList.filter(issuer_id=issuer_id, purpose=PURPOSE).values_list("id", flat=True)
    if found:
        return found[0]
    try:
        async with in_transaction():  # a savepoint: a concurrent first issue may create it too
            return (await StatusList.create(issuer_id=issuer_id, purpose=PURPOSE)).id
    except IntegrityError:
        return (await StatusList.get(issuer_id=issuer_id, purpose=PURPOSE)).id


async def list_state(issuer: IssuerCode) -> tuple[int, list[int]]:
    """The list's length in bits and the indices whose bit is set (certificates no longer valid)."""
    sizes = await StatusList.filter(issuer_id=issuer.id, purpose=PURPOSE).values_list("size", flat=True)
    size = sizes[0] if sizes else BLOCK  # no certificate issued yet: an empty list of the minimum length
    indices = await Certificate.filter(issuer_id=issuer.id, status_index__isnull=False).exclude(
        status=CertificateStatus.VALID).values_list("status_index", flat=True)
    return size, sorted(indices)


def encode_list(size: int, indices: list[int]) -> str:
    """``encodedList``: the bitstring (index 0 is the left-most bit of the first byte), GZIP-compressed,
    as multibase base64url without padding (the ``u`` prefix)."""
    bits = bytearray((size + 7) // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = gzip.compress(bytes(bits), mtime=0)  # no timestamp: the same bits encode the same way
    return "u" + base64.urlsafe_b64encode(packed).rstrip(b"=").decode("ascii")


def decode_list(encoded: str) -> bytes:
    """The bitstring of an ``encodedList`` (what a verifier does)."""
    if not encoded.startswith("u"):
        raise ValueError("encodedList is not multibase base64url")
    body = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def bit_is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
