"""The certificate as a W3C Verifiable Credential 2.0, secured with JOSE (VC-JOSE-COSE: a JWS whose payload is
the credential itself, header ``typ`` ``vc+jwt`` and ``cty`` ``vc``), and the issuer's status list credential.

Signed with the issuer's own key, the one that signs its PDFs (``RenderSettings.signer``): ES256/384/512 for
EC keys, RS256 for RSA, EdDSA for Ed25519. The header carries the issuer's certificate chain (``x5c``, leaf
first), so a verifier needs only the CA it trusts; the issuer's URL serves the same key as a JWK Set. The
credential shows what the certificate shows except the ID number, which is masked. Its
``credentialStatus`` points at the issuer's revocation list (models/certificate/status_list.py).

The certificate's credential is built from rows the caller loaded (a GraphQL field batches them); the status
list credential reads the list when it is served (``status_list_jwt``).
"""
from __future__ import annotations

import base64
import hashlib
from itertools import pairwise
from datetime import UTC, datetime, time

import jwt
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from models.access.masking import mask_id_number
from models.certificate.models import Certificate, IssuerCode
from models.certificate.rendering import SHANGHAI, render_settings, verification_url
from models.certificate.signing import IssuerSigner, SigningKeyError
from models.certificate.status_list import PURPOSE, encode_list, list_state

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
MEDIA_TYPE = "application/vc+jwt"
TYP, CTY = "vc+jwt", "vc"
ALGORITHMS = ("ES256", "ES384", "ES512", "RS256", "EdDSA")
EC_ALGORITHMS = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
STATUS_TTL_SECONDS = 60  # how long a verifier may keep a status list: the HTTP cache says the same


def _base() -> str:
    return render_settings().public_url.rstrip("/")


def issuer_url(code: IssuerCode) -> str:
    """The issuer's identifier; it serves the issuer's key as a JWK Set. Issuer codes are unique per province."""
    return f"{_base()}/credentials/issuers/{code.province}/{code.code}"


def status_list_url(code: IssuerCode) -> str:
    return f"{_base()}/credentials/status/{code.province}/{code.code}"


# --- keys ---------------------------------------------------------------------------------------------------

def _private_key(signer: IssuerSigner):
    # IssuerSigner keeps the key it parsed (parsing an RSA key again costs ~45 ms); a plain SimpleSigner does not.
    key = getattr(signer, "_key", None)
    return key if key is not None else serialization.load_der_private_key(signer.signing_key.dump(), None)


def algorithm_for(key) -> str:
    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        try:
            return EC_ALGORITHMS[key.curve.name]
        except KeyError:
            raise SigningKeyError(f"不支持的椭圆曲线 {key.curve.name}") from None
    if isinstance(key, rsa.RSAPrivateKey | rsa.RSAPublicKey):
        return "RS256"
    if isinstance(key, ed25519.Ed25519PrivateKey | ed25519.Ed25519PublicKey):
        return "EdDSA"
    raise SigningKeyError(f"不支持的签名密钥类型 {type(key).__name__}")


def _chain(signer: IssuerSigner) -> list[x509.Certificate]:
    """The signing certificate, then each certificate of the registry that issued the one before."""
    leaf = x509.load_der_x509_certificate(signer.signing_cert.dump())
    others = [x509.load_der_x509_certificate(c.dump()) for c in signer.cert_registry]
    chain = [leaf]
    while chain[-1].issuer != chain[-1].subject:
        parent = next((c for c in others if c.subject == chain[-1].issuer and c not in chain), None)
        if parent is None:
            break
        chain.append(parent)
    return chain


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def key_id(leaf: x509.Certificate) -> str:
    """The signing certificate's SHA-256 thumbprint (as ``x5t#S256``), base64url."""
    digest = hashlib.sha256(leaf.public_bytes(serialization.Encoding.DER)).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _signer(code: IssuerCode, issuer_name: str) -> IssuerSigner:
    settings = render_settings()
    if settings.signer is None:
        raise SigningKeyError("没有安装证书签名密钥来源 (models.certificate.rendering.configure)")
    return settings.signer(code.code, issuer_name)


def issuer_jwks(code: IssuerCode, issuer_name: str) -> dict:
    """The issuer's public key as a JWK Set, with its certificate chain (``x5c``)."""
    signer = _signer(code, issuer_name)
    key = _private_key(signer).public_key()
    chain = _chain(signer)
    alg = algorithm_for(key)
    family = {"ES": jwt.algorithms.ECAlgorithm, "RS": jwt.algorithms.RSAAlgorithm}.get(alg[:2],
                                                                                     jwt.algorithms.OKPAlgorithm)
    jwk = family.to_jwk(key, as_dict=True)
    jwk.update(kid=key_id(chain[0]), alg=alg, use="sig",
               x5c=[_b64(c.public_bytes(serialization.Encoding.DER)) for c in chain])
    return {"keys": [jwk]}


def sign_credential(credential: dict, code: IssuerCode, issuer_name: str) -> str:
    """``credential`` as a VC-JWT signed by the issuer."""
    signer = _signer(code, issuer_name)
    key = _private_key(signer)
    chain = _chain(signer)
    headers = {"typ": TYP, "cty": CTY, "kid": key_id(chain[0]),
               "x5c": [_b64(c.public_bytes(serialization.Encoding.DER)) for c in chain]}
    # iss and jti repeat issuer.id and id (the spec asks that they never disagree); no "vc" claim.
    claims = {**credential, "iss": credential["issuer"]["id"], "jti": credential["id"],
              "iat": int(datetime.now(UTC).timestamp())}
    return jwt.encode(claims, key, algorithm=algorithm_for(key), headers=headers)


# --- the credentials ----------------------------------------------------------------------------------------

def _day_start(day) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=SHANGHAI).isoformat()


def certificate_credential(cert: Certificate, code: IssuerCode) -> dict:
    """The unsigned credential of ``cert`` (issued under ``code``, with its status index)."""
    if cert.status_index is None:
        raise ValueError(f"certificate {cert.id} has no status list index")
    status_url = status_list_url(code)
    return {
        "@context": [VC_CONTEXT],
        "id": verification_url(cert.token),
        "type": ["VerifiableCredential", "ProfessionalTitleCertificate"],
        "name": "职称证书",
        "issuer": {"id": issuer_url(code), "name": cert.issuer_name},
        "validFrom": _day_start(cert.issue_date),
        "credentialSubject": {
            "type": "ProfessionalTitleHolder",
            "name": cert.name, "gender": cert.gender, "birthDate": cert.birth_date.isoformat(),
            "idType": cert.id_type, "idNumberMasked": mask_id_number(cert.id_number),
            "certificateNumber": cert.number, "series": cert.series_name, "specialty": cert.specialty_name,
            "titleName": cert.title_name, "level": cert.level, "year": cert.year,
            "acquiredOn": cert.acquired_on.isoformat(), "acquisitionMethod": cert.acquisition_method,
            "approvalNumber": cert.approval_number, "committee": cert.committee_name,
            "issueDate": cert.issue_date.isoformat(),
        },
        "credentialStatus": {
            "id": f"{status_url}#{cert.status_index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": PURPOSE,
            "statusListIndex": str(cert.status_index),
            "statusListCredential": status_url,
        },
    }


def certificate_jwt(cert: Certificate, code: IssuerCode) -> str:
    return sign_credential(certificate_credential(cert, code), code, cert.issuer_name)


def status_list_credential(code: IssuerCode, issuer_name: str, size: int, indices: list[int]) -> dict:
    url = status_list_url(code)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": {"id": issuer_url(code), "name": issuer_name},
        "validFrom": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encode_list(size, indices),
            "ttl": STATUS_TTL_SECONDS * 1000,
        },
    }


async def status_list_jwt(code: IssuerCode) -> str:
    """The issuer's revocation list as a signed credential, as it stands now."""
    from models.unit.models import Unit

    issuer_name = (await Unit.get(id=code.unit_id)).name
    size, indices = await list_state(code)
    return sign_credential(status_list_credential(code, issuer_name, size, indices), code, issuer_name)


# --- verifying ----------------------------------------------------------------------------------------------

class CredentialInvalid(Exception):
    """A VC-JWT that is malformed, not signed by the certificate in its header, or not chained to a trust root."""


def verify_credential(token: str, trust_roots: list[bytes]) -> dict:
    """The credential inside ``token`` if its signature verifies with the key of its ``x5c`` leaf and that
    chain leads to one of ``trust_roots`` (PEM); raises CredentialInvalid otherwise. Fetches nothing."""
    try:
        header = jwt.get_unverified_header(token)
        if header.get("typ") != TYP:
            raise CredentialInvalid(f"typ is {header.get('typ')!r}, not {TYP}")
        chain = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in header["x5c"]]
        roots = [r for pem in trust_roots for r in x509.load_pem_x509_certificates(pem)]
        _check_chain(chain, roots)
        key = chain[0].public_key()
        return jwt.decode(token, key, algorithms=[algorithm_for(key)], options={"verify_aud": False})
    except CredentialInvalid:
        raise
    except (jwt.PyJWTError, InvalidSignature, KeyError, TypeError, ValueError, SigningKeyError) as exc:
        raise CredentialInvalid(str(exc)) from exc


def _check_chain(chain: list[x509.Certificate], roots: list[x509.Certificate]) -> None:
    now = datetime.now(UTC)
    for cert in chain:
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            raise CredentialInvalid(f"certificate {cert.subject.rfc4514_string()} is outside its validity")
    for child, parent in pairwise(chain):
        child.verify_directly_issued_by(parent)  # raises on a wrong issuer or signature
    last = chain[-1]
    for root in roots:
        if last == root:
            return
        try:
            last.verify_directly_issued_by(root)
            return
        except (InvalidSignature, ValueError, TypeError):  # not this root: try the next
            continue
    raise CredentialInvalid("the certificate chain does not lead to a trusted root")
