"""Public credential endpoints: each issuer's revocation status list (a signed Bitstring Status List
credential, what a certificate's credentialStatus points at) and its public key as a JWK Set (the issuer
id of its credentials). Short public caching: a revocation shows within a minute even through caches."""
from __future__ import annotations

import logging
import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from models.certificate.credential import MEDIA_TYPE, STATUS_TTL_SECONDS, issuer_jwks, status_list_jwt
from models.certificate.models import IssuerCode
from models.certificate.signing import SigningKeyError

log = logging.getLogger("zhicheng.credentials")
PROVINCE, CODE = re.compile(r"[0-9]{2}"), re.compile(r"[0-9]{4}")
CACHE = {"Cache-Control": f"public, max-age={STATUS_TTL_SECONDS}"}


async def _issuer(request: Request) -> IssuerCode | None:
    province, code = request.path_params["province"], request.path_params["code"]
    if not (PROVINCE.fullmatch(province) and CODE.fullmatch(code)):
        return None
    return await IssuerCode.get_or_none(province=province, code=code)


def _not_found() -> JSONResponse:
    return JSONResponse({"code": "NOT_FOUND", "message": "没有该发证单位"}, status_code=404)


def _no_key(code: IssuerCode, exc: Exception) -> JSONResponse:
    log.warning("issuer %s/%s cannot sign: %s", code.province, code.code, exc)
    return JSONResponse({"code": "SERVICE_UNAVAILABLE", "message": "发证单位签名密钥暂不可用"}, status_code=503)


async def status_list(request: Request) -> Response:
    code = await _issuer(request)
    if code is None:
        return _not_found()
    try:
        token = await status_list_jwt(code)
    except SigningKeyError as exc:
        return _no_key(code, exc)
    return Response(token, media_type=MEDIA_TYPE, headers=CACHE)


async def issuer_keys(request: Request) -> Response:
    code = await _issuer(request)
    if code is None:
        return _not_found()
    from models.unit.models import Unit

    try:
        keys = issuer_jwks(code, (await Unit.get(id=code.unit_id)).name)
    except SigningKeyError as exc:
        return _no_key(code, exc)
    return JSONResponse(keys, media_type="application/jwk-set+json", headers=CACHE)
