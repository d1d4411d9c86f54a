"""The e-certificate file: rendered, signed, and checked with the tools a recipient or an auditor would use
(pyHanko, poppler's pdfsig / pdffonts / pdftotext / pdftoppm, zbarimg). The Debian packages poppler-utils
and zbar-tools are required, not optional: a missing tool fails these tests."""
from __future__ import annotations

import dataclasses
import io
import math
import os
import stat
import subprocess
from datetime import UTC, date, datetime, timedelta
from importlib import resources

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw, ImageFont

from models.certificate.document import CertificateDocument, load_assets, render
from models.certificate.signing import (
    LocalCA,
    SigningKeyError,
    load_pem,
    load_pkcs12,
    local_ca,
    sign,
    validate,
)

URL = "https://zhicheng.example.cn/v/Zk3q9V1xYpR2mT7wLs0aB4cD8eF6gH5j"
ISSUER = "合肥市人力资源和社会保障局"


# --- sample material (also used by tests/benchmarks/bench_certificate_render.py) ---------------------------

def _font(size: int) -> ImageFont.FreeTypeFont:
    path = resources.files("weblate_fonts") / "static/weblate_fonts/kurinto/ttf/KurintoSansSC-Rg.ttf"
    return ImageFont.truetype(str(path), size)


def sample_seal(text: str, bottom: str = "", size: int = 400) -> bytes:
    """A round red seal as a transparent PNG: the name along the rim, a star in the middle."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (200, 20, 20, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=12)
    c = size / 2
    star = [(c + (62 if i % 2 == 0 else 25) * math.cos(-math.pi / 2 + i * math.pi / 5),
             c + (62 if i % 2 == 0 else 25) * math.sin(-math.pi / 2 + i * math.pi / 5)) for i in range(10)]
    draw.polygon(star, fill=red)
    font, span = _font(44), math.radians(250)
    for i, ch in enumerate(text):
        a = -math.pi / 2 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((30, 30), ch, font=font, fill=red, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        r = size / 2 - 56
        img.alpha_composite(glyph, (int(c + r * math.cos(a) - 30), int(c + r * math.sin(a) - 30)))
    if bottom:
        draw.text((c, c + 105), bottom, font=_font(34), fill=red, anchor="mm")
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def sample_photo(width: int = 413, height: int = 579) -> bytes:
    """A 2-inch ID photo stand-in (head and shoulders on blue) as a JPEG."""
    img = Image.new("RGB", (width, height), (67, 142, 219))
    draw = ImageDraw.Draw(img)
    draw.ellipse((width * 0.3, height * 0.18, width * 0.7, height * 0.55), fill=(236, 200, 170))
    draw.ellipse((width * 0.12, height * 0.6, width * 0.88, height * 1.25), fill=(40, 40, 60))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def sample_document(**changes) -> CertificateDocument:
    doc = CertificateDocument(
        number="9342023000101000136", name="陈静", gender="女", birth_date=date(1988, 6, 14),
        id_type="居民身份证", id_number="340104198806141526", series="中小学教师", specialty="中学语文",
        title_name="一级教师", level="中级", year=2023, acquired_on=date(2023, 8, 28), acquisition_method="评审",
        approval_number="皖人社秘〔2023〕123号", issuer_name=ISSUER, issue_date=date(2023, 9, 15),
        verification_url=URL, photo=sample_photo(), committee_name="合肥市中小学教师中级职称评审委员会",
        issuer_seal=sample_seal(ISSUER, "职称专用章"), committee_seal=sample_seal("合肥市中小学教师中级职称评审委员会"))
    return dataclasses.replace(doc, **changes)


# --- fixtures ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ca(tmp_path_factory):
    return local_ca(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def pdf():
    return render(sample_document(), load_assets())


@pytest.fixture(scope="module")
def signed(pdf, ca):
    return sign(pdf, ca.signer("0001", ISSUER), location="合肥")


def _tool(*args: str, data: bytes | None = None, tmp_path=None) -> str:
    """Runs a poppler / zbar tool on ``data`` written to a file; a missing tool raises FileNotFoundError."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    done = subprocess.run([a.replace("{pdf}", str(path)) for a in args], capture_output=True, text=True,
                          check=False, timeout=60)
    return done.stdout + done.stderr


def _tampered(signed: bytes) -> bytes:
    """One byte changed inside the first signed range: in the photo's JPEG data, which no parser reads
    while opening the file, so only the digest can notice."""
    at = signed.index(b"/DCTDecode") + 400
    assert at < signed.index(b"/ByteRange")
    copy = bytearray(signed)
    copy[at] ^= 0x01
    return bytes(copy)


# --- the signature ---------------------------------------------------------------------------------------

def test_signature_is_intact_and_valid_with_the_chain(signed, ca):
    check = validate(signed, [ca.root])
    assert check.intact and check.valid
    assert ISSUER in check.signer
    # the chain travels in the signature: the CMS carries the issuer's certificate and the CA's
    from pyhanko.pdf_utils.reader import PdfFileReader
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures[0]
    subjects = [c.chosen.subject.human_friendly for c in embedded.signed_data["certificates"]]
    assert any(ISSUER in s for s in subjects) and any("职称平台本地根证书" in s for s in subjects)


def test_untrusted_root_is_not_valid(signed, tmp_path):
    other = LocalCA(tmp_path / "other")
    check = validate(signed, [other.root])
    assert check.intact and not check.valid


def test_one_changed_byte_fails_validation(signed, ca):
    check = validate(_tampered(signed), [ca.root])
    assert not check.intact and not check.valid


def test_garbage_is_not_valid(ca):
    assert validate(b"%PDF-1.4 not really", [ca.root]) == validate(b"", [ca.root])
    assert not validate(b"", [ca.root]).valid


def test_pdfsig_agrees(signed, tmp_path):
    good = _tool("pdfsig", "{pdf}", data=signed, tmp_path=tmp_path)
    assert "Signature is Valid." in good
    assert "ETSI.CAdES.detached" in good and "Total document signed" in good
    bad = _tool("pdfsig", "{pdf}", data=_tampered(signed), tmp_path=tmp_path)
    assert "Signature #1" in bad and "Signature is Valid." not in bad


def test_keys_are_made_once_and_reused(tmp_path):
    first = LocalCA(tmp_path / "pki")
    signer = first.signer("0007", "芜湖市人力资源和社会保障局")
    files = sorted(p for p in (tmp_path / "pki").rglob("*.pem"))
    before = {p: p.read_bytes() for p in files}
    again = LocalCA(tmp_path / "pki")  # a new process would do this: read, not make
    assert again.root.dump() == first.root.dump()
    assert again.signer("0007", "芜湖市人力资源和社会保障局").signing_cert.dump() == signer.signing_cert.dump()
    assert {p: p.read_bytes() for p in files} == before
    for key in (p for p in files if p.name.endswith(".key.pem")):
        assert stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert first.signer("0007", "x") is signer  # kept loaded in the process
    other = first.signer("0008", "马鞍山市人力资源和社会保障局")
    assert other.signing_cert.public_key.dump() != signer.signing_cert.public_key.dump()
    with pytest.raises(ValueError):
        first.signer("../0001", "x")


def _rsa_issuer(tmp_path, password: str):
    """A production-style key: an RSA issuer certificate from some CA, as PKCS#12 and as PEM files."""
    now = datetime.now(UTC)
    ca_key = rsa.generate_private_key(65537, 2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "安徽省电子认证中心（测试）")])
    ca_cert = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
               .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=30))
               .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
               .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(65537, 2048)
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, ISSUER)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(2)
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=30))
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    p12 = tmp_path / "issuer.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        b"issuer", key, cert, [ca_cert], serialization.BestAvailableEncryption(password.encode())))
    (tmp_path / "issuer.key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode())))
    (tmp_path / "issuer.cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "ca.pem").write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    return p12, ca_cert.public_bytes(serialization.Encoding.PEM)


def test_production_keys_from_pkcs12_and_pem(pdf, tmp_path):
    p12, root = _rsa_issuer(tmp_path, "s3cret")
    from_p12 = load_pkcs12(str(p12), "s3cret")
    assert load_pkcs12(str(p12), "s3cret") is from_p12  # cached per key source
    from_pem = load_pem(str(tmp_path / "issuer.key.pem"), str(tmp_path / "issuer.cert.pem"),
                        (str(tmp_path / "ca.pem"),), "s3cret")
    for signer in (from_p12, from_pem):
        check = validate(sign(pdf, signer), [root])
        assert check.intact and check.valid and ISSUER in check.signer
    with pytest.raises(SigningKeyError):
        load_pkcs12(str(p12), "wrong")
    with pytest.raises(SigningKeyError):
        load_pem(str(tmp_path / "missing.pem"), str(tmp_path / "issuer.cert.pem"))


# --- the page --------------------------------------------------------------------------------------------

def test_cjk_font_is_embedded(signed, tmp_path):
    fonts = _tool("pdffonts", "{pdf}", data=signed, tmp_path=tmp_path).splitlines()[2:]
    assert fonts, "no fonts listed"
    assert any("KurintoSansSC" in line for line in fonts)
    for line in fonts:  # name type encoding emb sub uni …: every font, the Chinese one included, embedded
        assert line.split()[-5] == "yes", line


def test_qr_code_decodes_to_the_verification_url(signed, tmp_path):
    _tool("pdftoppm", "-r", "150", "-png", "-singlefile", "{pdf}", str(tmp_path / "page"), data=signed,
          tmp_path=tmp_path)
    out = subprocess.run(["zbarimg", "--raw", "-q", str(tmp_path / "page.png")], capture_output=True, text=True,
                         check=False, timeout=60)
    assert out.stdout.strip() == URL


def test_page_renders_as_an_image(signed, tmp_path):
    _tool("pdftoppm", "-r", "60", "-png", "-singlefile", "{pdf}", str(tmp_path / "small"), data=signed,
          tmp_path=tmp_path)
    with Image.open(tmp_path / "small.png") as img:
        width, height = img.size
        assert abs(width - 702) <= 1 and abs(height - 496) <= 1  # A4 landscape at 60 dpi
        # the page is not blank: title red, photo blue and seal red are all there
        colours = img.convert("RGB").getcolors(maxcolors=1 << 16)
        assert colours is not None and len(colours) > 50


def test_text_shows_the_certificate(signed, tmp_path):
    text = _tool("pdftotext", "-layout", "{pdf}", "-", data=signed, tmp_path=tmp_path)
    for shown in ("中华人民共和国", "专业技术资格证书", "陈静", "9342023000101000136", "340104198806141526",
                  "中小学教师", "一级教师", "皖人社秘〔2023〕123号", ISSUER, "2023年9月15日", "扫码验证"):
        assert shown in text, shown
    assert "撤销" not in text


def test_revoked_copy_says_so(tmp_path):
    revoked = render(sample_document(status="REVOKED", status_note="撤销日期：2026年12月1日"))
    text = _tool("pdftotext", "{pdf}", "-", data=revoked, tmp_path=tmp_path)
    assert "本证书已撤销" in text and "撤销日期：2026年12月1日" in text and "已撤销" in text


def test_render_is_deterministic_and_small(pdf):
    assert render(sample_document()) == pdf  # the issuing job may re-render after a crash
    assert len(pdf) < 250_000  # the font is a subset, not the 10 MB file


def test_seals_and_photo_are_optional_inputs(tmp_path):
    bare = render(sample_document(issuer_seal=None, committee_seal=None, acquisition_method="认定",
                                  committee_name="", photo=sample_photo(1200, 1600)))
    listing = _tool("pdfimages", "-list", "{pdf}", data=bare, tmp_path=tmp_path).splitlines()[2:]
    assert len(listing) == 1 and "jpeg" in listing[0]  # the photo only, scaled down and kept as JPEG
    full = _tool("pdfimages", "-list", "{pdf}", data=render(sample_document()), tmp_path=tmp_path)
    assert full.count("smask") == 2  # both seals keep their transparency


def test_document_refuses_unknown_values():
    with pytest.raises(ValueError):
        sample_document(acquisition_method="推荐")
    with pytest.raises(ValueError):
        sample_document(status="LOST")
