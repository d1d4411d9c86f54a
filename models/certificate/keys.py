"""Where issuers' signing keys come from: a directory of per-issuer key files in production, a local CA in the
embedded default (models/certificate/signing.py LocalCA).

A key directory holds, per issuer code, either ``<code>.p12`` (PKCS#12 with its certificate, the password in
``<code>.p12.password`` when it has one) or ``<code>.key.pem`` and ``<code>.cert.pem``; ``chain.pem`` (the CA
certificates) goes into every signature, and ``roots.pem`` holds the trust anchors verifiers use. Mounted
from secrets in Kubernetes (infra/). An issuer without key files cannot sign: its certificates wait.
"""
from __future__ import annotations

from pathlib import Path

from models.certificate.signing import (ISSUER_CODE, IssuerSigner, SigningKeyError, load_pem, load_pkcs12,
                                        local_ca)


class KeyDirectory:
    def __init__(self, directory: str | Path):
        self.directory = Path(directory)

    def _chain(self) -> tuple[str, ...]:
        chain = self.directory / "chain.pem"
        return (str(chain),) if chain.exists() else ()

    def signer(self, issuer_code: str, issuer_name: str) -> IssuerSigner:
        if not ISSUER_CODE.match(issuer_code):
            raise SigningKeyError(f"发证单位编码 {issuer_code!r} 不能用作密钥文件名")
        p12 = self.directory / f"{issuer_code}.p12"
        if p12.exists():
            password_file = self.directory / f"{issuer_code}.p12.password"
            password = password_file.read_text().strip() if password_file.exists() else None
            return load_pkcs12(str(p12), password, self._chain())
        key, cert = self.directory / f"{issuer_code}.key.pem", self.directory / f"{issuer_code}.cert.pem"
        if key.exists() and cert.exists():
            return load_pem(str(key), str(cert), self._chain())
        raise SigningKeyError(f"没有发证单位 {issuer_code}（{issuer_name}）的签名密钥：{self.directory}")

    def trust_roots(self) -> list[bytes]:
        roots = self.directory / "roots.pem"
        return [roots.read_bytes()] if roots.exists() else []


def key_source(keys_dir: str | Path | None, var_dir: str | Path):
    """(signer, trust roots) for the wiring: the key directory when one is set, else the local CA."""
    if keys_dir:
        keys = KeyDirectory(keys_dir)
        return keys.signer, keys.trust_roots
    directory = Path(var_dir) / "ca"  # made on the first signature, not at start-up
    return (lambda code, name: local_ca(directory).signer(code, name)), (lambda: [local_ca(directory).root_pem])
