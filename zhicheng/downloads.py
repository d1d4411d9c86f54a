"""Short-lived signed download URLs.

A URL is minted only for a viewer the API already allowed to see the file, names
that viewer, and expires after ``download_url_ttl`` seconds; the endpoint checks the
signature, the expiry and that the account is still active before streaming.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import jwt
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse

from models.account.models import Account
from models.core.file import StoredFile

AUDIENCE = "zhicheng:download"


def sign_download(file_id: int, account_id: int | None, secret: str, ttl: int) -> str:
    claims = {"f": file_id, "a": account_id, "aud": AUDIENCE,
              "exp": datetime.now(timezone.utc) + timedelta(seconds=ttl)}
    return "/files/" + jwt.encode(claims, secret, algorithm="HS256")


async def download(request: Request):
    from zhicheng.services import services

    svc = services()
    try:
        claims = jwt.decode(request.path_params["token"], svc.settings.secret_key, algorithms=["HS256"],
                            audience=AUDIENCE, options={"require": ["exp", "f"]})
    except jwt.ExpiredSignatureError:
        return JSONResponse({"code": "LINK_EXPIRED", "message": "下载链接已过期，请刷新页面后重试"}, status_code=410)
    except jwt.PyJWTError:
        return JSONResponse({"code": "FORBIDDEN", "message": "下载链接无效"}, status_code=403)
    if claims.get("a") is not None and not await Account.filter(id=claims["a"], is_active=True).exists():
        return JSONResponse({"code": "FORBIDDEN", "message": "账号已停用"}, status_code=403)
    row = await StoredFile.get_or_none(id=claims["f"])
    if row is None or not await svc.storage.exists(row.sha256):
        return JSONResponse({"code": "NOT_FOUND", "message": "文件不存在"}, status_code=404)
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.name)}",
        "Content-Length": str(row.size),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }
    return StreamingResponse(svc.storage.get(row.sha256), media_type=row.content_type, headers=headers)
