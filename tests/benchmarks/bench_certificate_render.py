"""E-certificate render + sign benchmark (a script, not a test; issue 8 §9): certificates per second in one
worker process, signer cached.

Renders N full certificates (photo, two seals, QR, embedded CJK font subset) with
models.certificate.document.render and signs each with models.certificate.signing.sign, using a local CA
made in a temporary directory; each certificate has its own number and verification URL, as in a batch.
Prints certificates/s, wall and CPU ms per render and per signature (CPU time shows the cost apart from
other load on the machine), p50/p95 and the file size. Target: >= 20 certificates/s per process.

    python tests/benchmarks/bench_certificate_render.py [--certificates 300] [--warmup 10]
"""
from __future__ import annotations

import argparse
import dataclasses
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from models.certificate.document import load_assets, render  # noqa: E402
from models.certificate.signing import local_ca, sign, validate  # noqa: E402
from tests.test_certificate_document import ISSUER, sample_document  # noqa: E402

TARGET = 20.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--certificates", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=10)
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

        for i in range(args.warmup):
            one(i)
        render_wall, render_cpu, sign_wall, sign_cpu = [], [], [], []
        start = time.perf_counter()
        for i in range(args.certificates):
            rw, rc, sw, sc, signed = one(args.warmup + i)
            render_wall.append(rw), render_cpu.append(rc), sign_wall.append(sw), sign_cpu.append(sc)
        elapsed = time.perf_counter() - start
        check = validate(signed, [ca.root])
        assert check.intact and check.valid, check

    rate = args.certificates / elapsed
    ms = lambda xs: statistics.mean(xs) * 1000
    pct = lambda xs, q: sorted(xs)[min(len(xs) - 1, int(len(xs) * q))] * 1000
    total = [a + b for a, b in zip(render_wall, sign_wall)]
    print(f"setup (font, CA and issuer key): {setup * 1000:.0f} ms")
    print(f"certificates: {args.certificates} in {elapsed:.2f} s -> {rate:.1f} certificates/s (target >= {TARGET:.0f})")
    print(f"render: {ms(render_wall):.1f} ms wall, {ms(render_cpu):.1f} ms CPU per certificate")
    print(f"sign:   {ms(sign_wall):.1f} ms wall, {ms(sign_cpu):.1f} ms CPU per certificate")
    print(f"render+sign p50 {pct(total, 0.5):.1f} ms, p95 {pct(total, 0.95):.1f} ms; "
          f"CPU-bound rate {1 / (statistics.mean(render_cpu) + statistics.mean(sign_cpu)):.1f}/s")
    print(f"signed file: {len(signed) / 1024:.0f} KiB")
    return 0 if rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
