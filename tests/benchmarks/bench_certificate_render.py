"""E-certificate render + sign benchmark (a script, not a test; issue 8 §9): certificates per second in one
worker process, signer cached.

Renders N full certificates (photo, two seals, QR, embedded CJK font subset) with
models.certificate.document.render and signs each with models.certificate.signing.sign, using a local CA
made in a temporary directory; each certificate has its own number and verification URL, as in a batch.
Prints certificates/s, wall and CPU ms per render and per signature (CPU time shows the cost apart from
other load on the machine), p50/p95 and the file size. Target: >= 20 certificates/s per process.

With ``--baseline`` it first measures the code as it was before two fixes (segno's mask search for the QR
code, pyHanko building the signing-certificate attribute anew for every signature), then the current code,
in the same process: before/after under the same load.

    python tests/benchmarks/bench_certificate_render.py [--certificates 300] [--warmup 10] [--baseline]
"""
from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import models.certificate.document as document  # noqa: E402
from models.certificate.document import load_assets, render  # noqa: E402
from models.certificate.signing import IssuerSigner, local_ca, sign, validate  # noqa: E402
from pyhanko.sign.signers.pdf_cms import SimpleSigner  # noqa: E402
from tests.test_certificate_document import ISSUER, sample_document  # noqa: E402

TARGET = 20.0


class _BaselineSigner(IssuerSigner):
    """The signer before the attribute fix: pyHanko's own attribute building (key still kept parsed)."""
    _signed_attr_providers = SimpleSigner._signed_attr_providers
    signed_attrs = SimpleSigner.signed_attrs


def baseline(on: bool, signer: IssuerSigner) -> None:
    document.QR_MASK = None if on else 0  # None: segno evaluates all 8 masks
    signer.__class__ = _BaselineSigner if on else IssuerSigner


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--baseline", action="store_true", help="measure the code before the fixes first")
    args = parser.parse_args()

    base = sample_document()  # photo and seal bytes are shared, as seals are within one issuer's batch
    with tempfile.TemporaryDirectory() as pki:
        t0 = time.perf_counter()
        assets = load_assets()
        ca = local_ca(pki)
        signer = ca.signer("0001", ISSUER)
        setup = time.perf_counter() - t0

        def one(i: int) -> tuple[float, float, float, float, bytes]:
            doc = dataclasses.replace(base, number=f"9342023000101{i:06d}",
                                      verification_url=f"https://zhicheng.example.cn/v/{secrets.token_urlsafe(32)}")
            w0, c0 = time.perf_counter(), time.process_time()
            pdf = render(doc, assets)
            w1, c1 = time.perf_counter(), time.process_time()
            signed = sign(pdf, signer, location="合肥")
            w2, c2 = time.perf_counter(), time.process_time()
            return w1 - w0, c1 - c0, w2 - w1, c2 - c1, signed

        def measure(label: str, offset: int) -> float:
            for i in range(args.warmup):
                one(offset + i)
            render_wall, render_cpu, sign_wall, sign_cpu = [], [], [], []
            start = time.perf_counter()
            for i in range(args.certificates):
                rw, rc, sw, sc, signed = one(offset + args.warmup + i)
                render_wall.append(rw), render_cpu.append(rc), sign_wall.append(sw), sign_cpu.append(sc)
            elapsed = time.perf_counter() - start
            check = validate(signed, [ca.root])
            assert check.intact and check.valid, check
            rate = args.certificates / elapsed
            ms = lambda xs: statistics.mean(xs) * 1000
            pct = lambda xs, q: sorted(xs)[min(len(xs) - 1, int(len(xs) * q))] * 1000
            total = [a + b for a, b in zip(render_wall, sign_wall)]
            print(f"[{label}] certificates: {args.certificates} in {elapsed:.2f} s -> {rate:.1f} certificates/s "
                  f"(target >= {TARGET:.0f})")
            print(f"[{label}] render: {ms(render_wall):.1f} ms wall, {ms(render_cpu):.1f} ms CPU per certificate")
            print(f"[{label}] sign:   {ms(sign_wall):.1f} ms wall, {ms(sign_cpu):.1f} ms CPU per certificate")
            print(f"[{label}] render+sign p50 {pct(total, 0.5):.1f} ms, p95 {pct(total, 0.95):.1f} ms; "
                  f"CPU-bound rate {1 / (statistics.mean(render_cpu) + statistics.mean(sign_cpu)):.1f}/s")
            print(f"[{label}] signed file: {len(signed) / 1024:.0f} KiB", flush=True)
            return rate

        print(f"setup (font, CA and issuer key): {setup * 1000:.0f} ms; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores", flush=True)
        if args.baseline:
            baseline(True, signer)
            measure("before", 0)
            baseline(False, signer)
        rate = measure("after" if args.baseline else "current", 100_000)
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
