"""Images on the e-certificate, prepared for reportlab: seals compressed once per process and wrapped anew
into each document, the photo as a JPEG reportlab embeds as it is."""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc


@dataclass(frozen=True)
class EncodedImage:
    """A transparent image compressed once and wrapped anew into each document: reportlab would otherwise
    re-compress both seals for every certificate (about 25 ms of a ~50 ms render)."""
    name: str
    width: int
    height: int
    rgb: bytes  # zlib-compressed DeviceRGB samples
    alpha: bytes  # zlib-compressed DeviceGray soft mask


def encode_seal(data: bytes, name: str) -> EncodedImage:
    im = Image.open(io.BytesIO(data))
    im.thumbnail((SEAL_PX, SEAL_PX), Image.LANCZOS)
    im = im.convert("RGBA")
    return EncodedImage(f"seal{name}", im.width, im.height, zlib.compress(im.convert("RGB").tobytes(), 9),
                         zlib.compress(im.getchannel("A").tobytes(), 9))


def _image_xobject(name: str, img: EncodedImage, colour_space: str, stream: bytes) -> pdfdoc.PDFImageXObject:
    x = pdfdoc.PDFImageXObject(name)  # no source: the fields below replace reportlab's placeholder image
    x.width, x.height, x.bitsPerComponent, x.colorSpace = img.width, img.height, 8, colour_space
    x._filters, x.streamContent, x.mask = ("FlateDecode",), stream, None
    return x


def draw_encoded(c, img: EncodedImage, x: float, y: float, w: float, h: float):
    """What ``canvas.drawImage`` does once it has an image XObject (reportlab 5.1, pinned): register the
    object and its soft mask once per document, then paint it with ``Do``."""
    doc = c._doc
    reg = doc.getXObjectName(img.name)
    if reg not in doc.idToObject:
        xobj = _image_xobject(img.name, img, "DeviceRGB", img.rgb)
        mask = _image_xobject(img.name + "A", img, "DeviceGray", img.alpha)
        mask._decode = [0, 1]
        xobj.smask = doc.Reference(mask, doc.getXObjectName(mask.name))
        c._setXObjects(xobj)
        doc.Reference(xobj, reg)
        doc.addForm(img.name, xobj)
    c.saveState()
    c.translate(x, y)
    c.scale(w, h)
    c._code.append(f"/{reg} Do")
    c.restoreState()
    c._formsinuse.append(img.name)


SEAL_PX = 320  # a 4 cm seal at 200 dpi: sharp in print, cheap to compress into every file
PHOTO_PX = (480, 640)  # room for a 2-inch photo at 300 dpi (413 × 579) to pass through untouched


def photo_jpeg(data: bytes, max_w: int, max_h: int) -> ImageReader:
    """The photo scaled down to what the page needs, as a JPEG: reportlab embeds a JPEG as it is (no
    re-compression per render, a small file)."""
    im = Image.open(io.BytesIO(data))
    if im.format == "JPEG" and im.mode == "RGB" and im.width <= max_w and im.height <= max_h:
        return ImageReader(io.BytesIO(data))
    im.thumbnail((max_w, max_h), Image.LANCZOS)
    if im.mode in ("RGBA", "LA", "P"):  # flatten a transparent photo onto white
        im = im.convert("RGBA")
        flat = Image.new("RGB", im.size, (255, 255, 255))
        flat.paste(im, mask=im.getchannel("A"))
        im = flat
    buf = io.BytesIO()
    im.convert("RGB").save(buf, "JPEG", quality=90)
    return ImageReader(buf)
