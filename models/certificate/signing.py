"""The issuer's PAdES signature on the e-certificate (pyHanko), and its validation.

Keys: in production a PKCS#12 file or PEM key + certificate files per issuer, named by settings and handed
in as paths (``load_pkcs12`` / ``load_pem``); in the embedded default a local CA and one key per issuer
made with ``cryptography`` under a directory such as ``var/pki/`` on first use and reused afterwards
(``local_ca(directory).signer(code, name)``). Signers are cached per key source, so a worker parses a key
once, not per certificate. The chain (issuer certificate and its CA) travels inside every signature.

Plain sync functions: pyHanko's sync API runs its own event loop, so callers on an event loop use an
executor (they must anyway: signing is CPU work).
"""
from __future__ import annotations

import fcntl
import io
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

from asn1crypto import cms
from asn1crypto import keys as asn1_keys
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.x509.oid import NameOID
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.attributes import CMSAttributeProvider, SigningCertificateV2Provider
from pyhanko.sign.signers.pdf_cms import SimpleSigner
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

FIELD_NAME = "IssuerSignature"
REASON = "发证单位签发电子职称证书"


class SigningKeyError(Exception):
    """A key source that cannot be loaded (missing file, wrong password, no certificate)."""


class IssuerSigner(SimpleSigner):
    """pyHanko's SimpleSigner parses its private key from DER on every signature; an RSA key's consistency
    check alone costs ~45 ms (2048 bits, measured here), so this keeps the parsed key."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._key = serialization.load_der_private_key(self.signing_key.dump(), password=None)
        # room for the CMS blob in the PDF: the chain plus signature and attributes; pyHanko would otherwise
        # sign a dummy once per document to measure it
        chain = sum(len(c.dump()) for c in self.cert_registry) + len(self.signing_cert.dump())
        self.bytes_reserved = (chain + 4096 + 1023) // 1024 * 1024
        self._signing_cert_attr: _Frozen | None = None

    def _signed_attr_providers(self, *args, **kwargs):
        # asn1crypto re-encodes a freshly built structure on every dump, nested ones again at each level:
        # the signing-certificate attribute (the same for every signature of this key) was ~1,000
        # re-encodings and most of a signature's CPU. Build it once and keep it parsed (parsed = cached).
        for provider in super()._signed_attr_providers(*args, **kwargs):
            if isinstance(provider, SigningCertificateV2Provider) and provider.signing_cert is self.signing_cert:
                if self._signing_cert_attr is None:
                    self._signing_cert_attr = _Frozen(provider)
                yield self._signing_cert_attr
            else:
                yield provider

    async def signed_attrs(self, *args, **kwargs) -> cms.CMSAttributes:
        # parsed back once, so the digest, the signature and the packaging each reuse one encoding
        attrs = await super().signed_attrs(*args, **kwargs)
        return cms.CMSAttributes.load(attrs.dump())

    @classmethod
    def wrap(cls, loaded: SimpleSigner) -> IssuerSigner:
        """The same key material as one of pyHanko's loaders answered (they build a plain SimpleSigner)."""
        return cls(signing_cert=loaded.signing_cert, signing_key=loaded.signing_key,
                   cert_registry=loaded.cert_registry, signature_mechanism=loaded.signature_mechanism)

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        algorithm = mechanism.signature_algo
        digest = get_pyca_cryptography_hash(digest_algorithm)
        if algorithm == "ecdsa":
            return self._key.sign(data, ec.ECDSA(digest))
        if algorithm == "rsassa_pkcs1v15":
            return self._key.sign(data, PKCS1v15(), digest)
        if algorithm == "rsassa_pss":
            padding, digest = process_pss_params(mechanism["parameters"])
            return self._key.sign(data, padding, digest)
        return super().sign_raw(data, digest_algorithm)  # EdDSA, ML-DSA: pyHanko's own path


class _Frozen(CMSAttributeProvider):
    """A provider's attribute built once and kept in parsed form, whose encoding asn1crypto caches."""

    def __init__(self, provider: CMSAttributeProvider):
        self.attribute_type = provider.attribute_type
        self._provider, self._attr = provider, None

    async def get_attribute(self, dry_run=False) -> cms.CMSAttribute | None:
        if self._attr is None:
            built = await self._provider.get_attribute(dry_run=dry_run)
            self._attr = cms.CMSAttribute.load(built.dump())
        return self._attr


# --- production key sources -------------------------------------------------------------------------------

@lru_cache(maxsize=128)
def load_pkcs12(path: str, password: str | None = None, chain_paths: tuple[str, ...] = ()) -> IssuerSigner:
    """An issuer's PKCS#12 (.p12 / .pfx) with its certificate; CA certificates inside it or in
    ``chain_paths`` go into every signature."""
    try:
        data = Path(path).read_bytes()
        extra = [load_cert_from_pemder(p) for p in chain_paths]
        return IssuerSigner.wrap(SimpleSigner.load_pkcs12_data(data, other_certs=extra,
                                                               passphrase=_bytes(password)))
    except (OSError, ValueError) as exc:
        raise SigningKeyError(f"无法读取签名证书 {path}：{exc}") from exc


@lru_cache(maxsize=128)
def load_pem(key_path: str, cert_path: str, chain_paths: tuple[str, ...] = (),
             password: str | None = None) -> IssuerSigner:
    """An issuer's PEM (or DER) private key and certificate, plus the CA certificates of its chain."""
    signer = SimpleSigner.load(key_path, cert_path, ca_chain_files=chain_paths or None,
                               key_passphrase=_bytes(password))
    if signer is None:  # pyHanko logs the cause and answers None
        raise SigningKeyError(f"无法读取签名密钥 {key_path} 或证书 {cert_path}")
    return IssuerSigner.wrap(signer)


def _bytes(password: str | None) -> bytes | None:
    return password.encode() if isinstance(password, str) else password


# --- embedded default: a local CA ------------------------------------------------------------------------

ISSUER_CODE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")  # the code names files: nothing else may reach the path


class LocalCA:
    """A local certificate authority under ``directory``: ``ca.key.pem`` / ``ca.cert.pem`` and
    ``issuers/<code>.key.pem`` / ``.cert.pem``. Made on first use, reused afterwards; keys are 0600.
    Creation holds an exclusive file lock, so two worker processes starting together make one CA."""

    def __init__(self, directory: str | os.PathLike):
        self.directory = Path(directory)
        self._signers: dict[str, IssuerSigner] = {}
        self._lock = threading.Lock()
        with self._file_lock():
            self._ca_key, self._ca_cert = self._load_or_make("ca", self._make_ca)

    @property
    def root(self) -> asn1_x509.Certificate:
        """The trust anchor validators need (``validate(pdf, [ca.root])``)."""
        return _asn1(self._ca_cert)

    @property
    def root_pem(self) -> bytes:
        return self._ca_cert.public_bytes(serialization.Encoding.PEM)

    def signer(self, issuer_code: str, issuer_name: str) -> IssuerSigner:
        """The issuer's signer; its key is made the first time the code is seen."""
        if not ISSUER_CODE.match(issuer_code):
            raise ValueError(f"issuer code {issuer_code!r} is not a file-safe code")
        with self._lock:
            cached = self._signers.get(issuer_code)
            if cached is not None:
                return cached
            with self._file_lock():
                key, cert = self._load_or_make(f"issuers/{issuer_code}",
                                               lambda: self._make_issuer(issuer_code, issuer_name))
            key_der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption())
            signer = IssuerSigner(signing_cert=_asn1(cert), signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
                                  cert_registry=SimpleCertificateStore.from_certs([self.root]))
            self._signers[issuer_code] = signer
            return signer

    def _file_lock(self):
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        return _Flock(self.directory / ".lock")

    def _load_or_make(self, stem: str, make):
        key_file, cert_file = self.directory / f"{stem}.key.pem", self.directory / f"{stem}.cert.pem"
        if key_file.exists() and cert_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
            return key, x509.load_pem_x509_certificate(cert_file.read_bytes())
        key, cert = make()
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _write(key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()), mode=0o600)
        _write(cert_file, cert.public_bytes(serialization.Encoding.PEM), mode=0o644)
        return key, cert

    def _make_ca(self):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "职称平台"),
                          x509.NameAttribute(NameOID.COMMON_NAME, "职称平台本地根证书")])
        now = datetime.now(UTC)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365 * 20))
                .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
                .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             key_cert_sign=True, crl_sign=True, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .sign(key, hashes.SHA256()))
        return key, cert

    def _make_issuer(self, code: str, name: str):
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                             x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"发证单位编码 {code}"),
                             x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = datetime.now(UTC)
        cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(self._ca_cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=365 * 10))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                # content_commitment is non-repudiation, which pyHanko's validator asks of a signer by default
                .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                             key_encipherment=False, data_encipherment=False, key_agreement=False,
                                             key_cert_sign=False, crl_sign=False, encipher_only=False,
                                             decipher_only=False), critical=True)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self._ca_key.public_key()),
                               critical=False)
                .sign(self._ca_key, hashes.SHA256()))
        return key, cert


@lru_cache(maxsize=8)
def _local_ca(directory: str) -> LocalCA:
    return LocalCA(directory)


def local_ca(directory: str | os.PathLike) -> LocalCA:
    """The local CA under ``directory``, one instance per process (its signers stay loaded)."""
    return _local_ca(str(Path(directory).resolve()))


class _Flock:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.fd, fcntl.LOCK_EX)
        return self

    def __exit__(self, *exc):
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _write(path: Path, data: bytes, *, mode: int):
    # created with its final mode (a key is never readable by others, even for a moment), then renamed
    # into place so a crash leaves no half-written key behind
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, mode)  # O_CREAT's mode is filtered by the umask
    os.replace(tmp, path)


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


# --- signing and validation -------------------------------------------------------------------------------

def sign(pdf: bytes, signer: IssuerSigner, *, location: str = "") -> bytes:
    """``pdf`` with the issuer's PAdES (B-B) certification signature: no later change is permitted."""
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASON, location=location or None, certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    out = signers.sign_pdf(writer, meta, signer=signer, bytes_reserved=signer.bytes_reserved)
    return out.getvalue()


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact, cryptographically valid, chained to a trust root, and covering the whole file
    signer: str  # the signing certificate's subject, "" when there is no readable signature


def validate(pdf: bytes, trust_roots) -> SignatureCheck:
    """Checks the document's signature against ``trust_roots`` (asn1crypto certificates, or PEM / DER
    bytes). Never fetches anything from the network: the embedded chain and the roots decide."""
    roots = [r if isinstance(r, asn1_x509.Certificate) else _load_root(r) for r in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        signatures = reader.embedded_signatures
        if not signatures:
            return SignatureCheck(False, False, "")
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(signatures[0], context)
    # a damaged file is as invalid as a forged one: callers want a verdict, not a trace
    except Exception:  # noqa: BLE001
        return SignatureCheck(False, False, "")
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return SignatureCheck(intact=bool(status.intact), valid=bool(status.bottom_line and whole),
                          signer=status.signing_cert.subject.human_friendly)


def _load_root(data: bytes) -> asn1_x509.Certificate:
    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)
