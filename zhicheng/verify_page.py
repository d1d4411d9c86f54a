"""GET /verify/{token}: the page a certificate's QR code opens, rendered on the server for any phone browser.

No JavaScript, no external resources (the CSP allows only the one inline style, by hash), not cached (a
revocation shows at once), not indexed. It answers through models/certificate/verification.py like the
GraphQL queries, under the same per-address throttle. An unknown and a malformed key are the same 404.
"""
from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse

from models.certificate.codes import CertificateCode
from models.certificate.models import CertificateStatus
from models.certificate.rendering import SHANGHAI
from models.certificate.throttle import VerifyThrottle
from models.certificate.verification import VerificationAnswer, verify_by_token
from models.core.errors import Refused
from zhicheng.services import services

STYLE = (
    "*{box-sizing:border-box}"
    "body{margin:0;background:#f3f4f6;color:#111827;font:16px/1.6 system-ui,-apple-system,'PingFang SC',"
    "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif}"
    "main{max-width:40rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.25rem;margin:.5rem 0 1rem;text-align:center}"
    ".status{border-radius:.75rem;padding:1rem;margin-bottom:1rem;text-align:center;color:#fff}"
    ".status p{margin:.25rem 0}"
    ".label{font-size:2rem;font-weight:700;letter-spacing:.2em}"
    ".note{font-size:1.1rem;font-weight:600}"
    ".valid{background:#15803d}.revoked{background:#b91c1c}.replaced{background:#b45309}"
    ".missing,.throttled,.unavailable{background:#4b5563}"
    "dl{margin:0;background:#fff;border-radius:.75rem;padding:.25rem 1rem}"
    ".row{display:flex;gap:1rem;padding:.6rem 0;border-bottom:1px solid #e5e7eb}"
    ".row:last-child{border-bottom:0}"
    "dt{flex:0 0 6.5em;color:#6b7280}dd{margin:0;flex:1;word-break:break-all}"
    ".foot{font-size:.8rem;color:#6b7280;text-align:center}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
HEADERS = {
    "Content-Security-Policy": f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
}
_env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)

STATUS_VIEW = {  # kind (CSS class), label, hint
    CertificateStatus.VALID: ("valid", "有效", "该证书真实有效"),
    CertificateStatus.REVOKED: ("revoked", "已撤销", "该证书已被发证单位撤销，不再有效"),
    CertificateStatus.REPLACED: ("replaced", "已换发", "该证书已换发新证书，请以新证书为准"),
}


def chinese_date(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def _note(answer: VerificationAnswer) -> str:
    if answer.status == CertificateStatus.REVOKED and answer.revoked_at is not None:
        return f"撤销日期：{chinese_date(answer.revoked_at.astimezone(SHANGHAI))}"
    if answer.status == CertificateStatus.REPLACED and answer.replaced_by_number:
        return f"新证书编号：{answer.replaced_by_number}"
    return ""


def _rows(a: VerificationAnswer) -> list[tuple[str, str]]:
    rows = [("证书编号", a.number), ("姓名", a.name), ("性别", a.gender), ("证件类型", a.id_type),
            ("证件号码", a.id_number_masked),
            ("职称系列", a.series_name), ("专业", a.specialty_name), ("职称名称", a.title_name),
            ("级别", a.level_name), ("取得时间", chinese_date(a.acquired_on)), ("取得方式", a.acquisition_method),
            ("批准文号", a.approval_number), ("评审委员会", a.committee_name), ("工作单位", a.unit_name),
            ("发证单位", a.issuer_name), ("发证日期", chinese_date(a.issue_date))]
    return [(label, value) for label, value in rows if value]


def _page(status_code: int, heading: str, kind: str, hint: str, answer: VerificationAnswer | None = None,
          **extra_headers: str) -> HTMLResponse:
    context = {"heading": heading, "kind": kind, "hint": hint, "style": Markup(STYLE), "answer": answer}
    if answer is not None:
        kind, label, hint = STATUS_VIEW[answer.status]
        context.update(kind=kind, label=label, hint=hint, note=_note(answer), rows=_rows(answer))
    html = _env.get_template("verify.html").render(context)
    return HTMLResponse(html, status_code=status_code, headers={**HEADERS, **extra_headers})


async def verify_page(request: Request) -> HTMLResponse:
    svc = services()
    ip = request.client.host if request.client else "unknown"  # as Context.client_ip: proxies resolved by uvicorn
    throttle = VerifyThrottle(svc.redis, per_minute=svc.settings.verify_per_minute)
    try:
        await throttle.hit(ip)
        answer = await verify_by_token(request.path_params["token"])
    except Refused as refused:
        code = refused.problems[0].code
        if code == CertificateCode.TOO_MANY_ATTEMPTS:
            return _page(429, "查验过于频繁", "throttled", refused.problems[0].message,
                         **{"Retry-After": str(await throttle.retry_after(ip))})
        if code == CertificateCode.SERVICE_UNAVAILABLE:
            return _page(503, "暂时无法查验", "unavailable", refused.problems[0].message, **{"Retry-After": "30"})
        answer = None  # INVALID_TOKEN: a malformed key is answered as an unknown one
    if answer is None:
        return _page(404, "未查询到该证书", "missing", "请核对二维码或链接是否完整。")
    return _page(200, STATUS_VIEW[answer.status][1], "", "", answer)
