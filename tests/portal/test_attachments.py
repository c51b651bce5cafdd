"""portal.attachments: uploads are judged by their content and images are re-encoded.

Every file is built in memory; none of these tests touch the database.
"""

import io
import os
import struct
import warnings
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from portal.attachments import MAX_BYTES, AttachmentRefused, CleanFile, clean_upload

NOT_ACCEPTED = "Det här går inte att skicka. Du kan skicka foton (JPEG, PNG, WebP) och PDF-filer."
TOO_BIG = (
    "Filen är för stor. Den får vara högst 10 MB. Ta ett nytt foto eller skicka en mindre fil."
)

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n"
    b"%%EOF\n"
)


@pytest.fixture(autouse=True)
def _swedish():
    with translation.override("sv"):
        yield


def _upload(content: bytes, name: str = "bild.jpg", content_type: str = "image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def _bilevel_png(width: int, height: int) -> bytes:
    """A valid all-black 1-bit PNG, written row by row so a huge one costs almost no memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (1 + (width + 7) // 8)  # filter byte + packed pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def _refusal(upload) -> str:
    with pytest.raises(AttachmentRefused) as refused:
        clean_upload(upload)
    return str(refused.value.message)


def _opened(clean: CleanFile) -> Image.Image:
    image = Image.open(io.BytesIO(clean.content))
    image.load()
    return image


def test_a_phone_photo_loses_its_gps_position_and_is_turned_the_right_way_up():
    exif = Image.Exif()
    exif[ORIENTATION] = 6  # "rotate 90° clockwise to view"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (59.0, 19.0, 45.0), 3: "E", 4: (18.0, 4.0, 7.0)})
    stored = Image.new("RGB", (60, 40), "white")
    stored.paste((255, 0, 0), (0, 0, 20, 20))  # a red mark in the stored top-left corner
    photo = _encoded(
        stored,
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta>GPS</x:xmpmeta>",
        comment=b"Hemma hos mig",
    )
    assert Image.open(io.BytesIO(photo)).getexif().get_ifd(GPS_IFD)  # the test photo has GPS

    clean = clean_upload(_upload(photo))

    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
    assert clean.content != photo
    image = _opened(clean)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert not {"exif", "xmp", "comment"} & image.info.keys()
    assert b"Exif" not in clean.content
    assert b"Hemma" not in clean.content
    assert image.size == (40, 60)
    assert (clean.width, clean.height) == (40, 60)
    # Turned a quarter clockwise, the stored top-left corner is now the top-right one.
    red, green, _ = image.getpixel((35, 5))
    assert red > 200 and green < 60
    assert image.getpixel((5, 5))[1] > 200


def test_a_png_is_accepted_and_stays_a_png_without_its_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "Anna Andersson")
    picture = Image.new("RGBA", (30, 20), (255, 0, 0, 128))

    clean = clean_upload(
        _upload(_encoded(picture, "PNG", pnginfo=text), "skärmbild.png", "image/png")
    )

    assert (clean.content_type, clean.extension) == ("image/png", "png")
    image = _opened(clean)
    assert image.format == "PNG"
    assert image.mode == "RGBA"
    assert "Author" not in image.info
    assert b"Anna" not in clean.content
    assert (clean.width, clean.height) == (30, 20)


def test_a_palette_png_is_accepted_as_an_rgb_png():
    picture = Image.new("RGB", (30, 20), "blue").convert("P")

    image = _opened(clean_upload(_upload(_encoded(picture, "PNG"), "karta.png", "image/png")))

    assert (image.format, image.mode) == ("PNG", "RGB")


def test_a_webp_photo_is_accepted_and_becomes_a_jpeg():
    photo = _encoded(Image.new("RGB", (50, 30), "green"), "WEBP")

    clean = clean_upload(_upload(photo, "foto.webp", "image/webp"))

    assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")
    assert _opened(clean).format == "JPEG"
    assert (clean.width, clean.height) == (50, 30)


def test_a_see_through_webp_is_accepted_and_becomes_a_png():
    sticker = _encoded(Image.new("RGBA", (50, 30), (0, 0, 255, 0)), "WEBP", lossless=True)

    clean = clean_upload(_upload(sticker, "klistermärke.webp", "image/webp"))

    assert clean.content_type == "image/png"
    assert _opened(clean).mode == "RGBA"


def test_a_gif_is_accepted_and_becomes_a_png():
    clean = clean_upload(_upload(_encoded(Image.new("P", (10, 10)), "GIF"), "a.gif", "image/gif"))

    assert (clean.content_type, _opened(clean).format) == ("image/png", "PNG")


def test_a_cmyk_jpeg_is_accepted_as_an_rgb_jpeg():
    scan = _encoded(Image.new("CMYK", (20, 20), (0, 255, 255, 0)), "JPEG")

    image = _opened(clean_upload(_upload(scan)))

    assert (image.format, image.mode) == ("JPEG", "RGB")


def test_a_heif_photo_is_refused_when_pillow_cannot_read_heif(monkeypatch):
    Image.init()
    # Whatever plugins this machine has: the case is a Pillow without a HEIF decoder.
    monkeypatch.setattr(Image, "OPEN", {k: v for k, v in Image.OPEN.items() if k != "HEIF"})
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + os.urandom(200)

    assert _refusal(_upload(heic, "IMG_0001.HEIC", "image/heic")) == NOT_ACCEPTED


def test_an_executable_renamed_to_jpg_is_refused_with_a_plain_swedish_message():
    program = b"MZ\x90\x00" + os.urandom(4096)

    with pytest.raises(AttachmentRefused) as refused:
        clean_upload(_upload(program, "semesterbild.jpg", "image/jpeg"))

    assert str(refused.value.message) == NOT_ACCEPTED
    assert str(refused.value) == NOT_ACCEPTED


@pytest.mark.parametrize(
    ("name", "content_type", "content"),
    [
        ("bild.jpg", "image/jpeg", b"\x7fELF\x02\x01\x01\x00" + os.urandom(1024)),
        ("bild.jpg", "image/jpeg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        (
            "bild.png",
            "image/png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        ),
        ("bild.jpg", "image/jpeg", b"PK\x03\x04" + os.urandom(512)),
        ("bild.jpg", "image/jpeg", "Hej! Det här är bara text.".encode()),
    ],
    ids=["elf", "html", "svg", "zip", "text"],
)
def test_a_file_that_is_not_a_photo_or_pdf_is_refused_whatever_its_name(
    name, content_type, content
):
    assert _refusal(_upload(content, name, content_type)) == NOT_ACCEPTED


class _HugeUpload:
    """Says it is 20 MB, like Django's upload handlers would; reading it is a test failure."""

    size = 20 * 1024 * 1024

    def seek(self, offset: int) -> None:
        pass

    def read(self, size: int = -1) -> bytes:
        raise AssertionError("a file over the limit was read")

    def chunks(self, chunk_size: int | None = None):
        raise AssertionError("a file over the limit was read")


def test_a_20_mb_file_is_refused_without_being_read():
    assert _refusal(_HugeUpload()) == TOO_BIG


def test_a_file_bigger_than_its_stated_size_is_refused_after_reading_just_past_the_limit():
    content = io.BytesIO(b"%PDF-1.4\n" + b"\x00" * MAX_BYTES + b"%%EOF\n")
    requested: list[int] = []

    class LyingUpload:
        size = 100

        def seek(self, offset: int) -> None:
            content.seek(offset)

        def read(self, size: int = -1) -> bytes:
            requested.append(size)
            return content.read(size)

    assert _refusal(LyingUpload()) == TOO_BIG
    assert requested and all(0 <= size <= MAX_BYTES + 1 for size in requested)


def _pdf_of_exactly(size: int) -> bytes:
    """A real one-page PDF of exactly `size` bytes: a big stream of noise, then padding."""
    import pikepdf

    def build(stream_bytes: int) -> bytes:
        pdf = pikepdf.new()
        pdf.add_blank_page()
        pdf.pages[0].obj["/Noise"] = pdf.make_stream(os.urandom(stream_bytes))
        out = io.BytesIO()
        pdf.save(out, compress_streams=False)
        return out.getvalue()

    guess = size - 2000
    data = build(guess)
    while not 0 <= size - len(data) < 500:
        guess += size - 200 - len(data)
        data = build(guess)
    return data + b"\n" * (size - len(data))  # after %%EOF, within its last 1,024 bytes


def test_a_pdf_of_exactly_10_mb_is_accepted():
    pdf = _pdf_of_exactly(MAX_BYTES)
    assert len(pdf) == MAX_BYTES

    clean = clean_upload(_upload(pdf, "stor.pdf", "application/pdf"))

    assert clean.content_type == "application/pdf"
    assert len(clean.content) <= MAX_BYTES


def test_a_truncated_jpeg_is_refused():
    photo = _encoded(Image.effect_noise((200, 200), 64).convert("RGB"), "JPEG")

    message = _refusal(_upload(photo[: len(photo) // 2]))

    assert message.startswith("Bilden går inte att öppna.")


def test_an_empty_file_is_refused():
    assert _refusal(_upload(b"")).startswith("Filen är tom.")


@pytest.mark.parametrize(
    ("width", "height"),
    [(20_000, 20_000), (10_000, 10_000), (8_000, 6_000)],
    ids=["pillow-error", "pillow-warning", "over-our-limit"],
)
def test_a_decompression_bomb_is_refused_without_any_warning(width, height):
    bomb = _bilevel_png(width, height)
    assert len(bomb) < MAX_BYTES

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        message = _refusal(_upload(bomb, "bomb.png", "image/png"))

    assert message.startswith("Bilden är för stor.")
    assert caught == []


def test_a_large_photo_is_scaled_down_to_4000_pixels_on_its_long_side():
    photo = _encoded(Image.new("RGB", (5000, 3000), "gray"), "JPEG")

    clean = clean_upload(_upload(photo))

    assert (clean.width, clean.height) == (4000, 2400)
    assert _opened(clean).size == (4000, 2400)


def test_a_valid_pdf_is_accepted_and_written_anew_with_its_pages():
    import pikepdf

    clean = clean_upload(_upload(MINIMAL_PDF, "beslut.pdf", "application/pdf"))

    assert (clean.content_type, clean.extension, clean.width, clean.height) == (
        "application/pdf",
        "pdf",
        None,
        None,
    )
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        assert len(pdf.pages) == 1


def test_a_file_that_starts_like_a_pdf_but_has_no_end_marker_is_refused():
    cut_off = MINIMAL_PDF.replace(b"%%EOF", b"")

    assert _refusal(_upload(cut_off, "beslut.pdf", "application/pdf")).startswith("PDF-filen")


# --- A PDF cannot act, an image cannot exhaust memory ----------------------------------------


def _pdf_with_active_content() -> bytes:
    """A one-page PDF that runs JavaScript on opening and on its page, carries an embedded
    file, links out (URI), launches a program, has an XFA form and a file attachment note."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    pdf.Root.OpenAction = pdf.make_indirect(
        Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String("app.alert('oppnad')"))
    )
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(
            Names=Array(
                [String("start"), Dictionary(S=Name.JavaScript, JS=String("app.alert('namn')"))]
            )
        )
    )
    pdf.attachments["hemligt.exe"] = pikepdf.AttachedFileSpec(pdf, b"MZ-inbaddad-fil")
    page.obj.AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert('sida')")))

    def annotation(**fields) -> Dictionary:
        return pdf.make_indirect(Dictionary(Type=Name.Annot, Rect=Array([0, 0, 10, 10]), **fields))

    page.obj.Annots = Array(
        [
            annotation(
                Subtype=Name.Link, A=Dictionary(S=Name.URI, URI=String("https://ond.example/"))
            ),
            annotation(Subtype=Name.Link, A=Dictionary(S=Name.Launch, F=String("cmd.exe"))),
            annotation(
                Subtype=Name.Link,
                A=Dictionary(S=Name.JavaScript, JS=String("app.alert('lank')")),
            ),
            annotation(
                Subtype=Name.FileAttachment,
                FS=pikepdf.AttachedFileSpec(pdf, b"MZ-anteckningsfil").obj,
            ),
        ]
    )
    pdf.Root.AcroForm = Dictionary(
        Fields=Array([]), XFA=Array([String("template"), pdf.make_stream(b"<xdp:xdp/>")])
    )
    out = io.BytesIO()
    pdf.save(out, compress_streams=False, object_stream_mode=pikepdf.ObjectStreamMode.disable)
    return out.getvalue()


def test_a_pdf_is_written_anew_without_javascript_embedded_files_actions_or_xfa():
    import pikepdf

    dangerous = _pdf_with_active_content()
    for marker in (b"app.alert", b"MZ-inbaddad-fil", b"ond.example", b"cmd.exe", b"xdp:xdp"):
        assert marker in dangerous  # the test file really has them

    clean = clean_upload(_upload(dangerous, "beslut.pdf", "application/pdf"))

    for marker in (b"app.alert", b"MZ-inbaddad-fil", b"MZ-anteckningsfil", b"ond.example"):
        assert marker not in clean.content
    assert b"cmd.exe" not in clean.content and b"xdp:xdp" not in clean.content
    with pikepdf.open(io.BytesIO(clean.content)) as pdf:
        assert len(pdf.pages) == 1
        assert dict(pdf.attachments) == {}
        assert "/OpenAction" not in pdf.Root and "/AA" not in pdf.pages[0].obj
        assert "/JavaScript" not in pdf.Root.get("/Names", {})
        assert "/XFA" not in pdf.Root.AcroForm
        for annotation in pdf.pages[0].obj.Annots:
            assert "/A" not in annotation
            assert annotation.Subtype != pikepdf.Name.FileAttachment
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary):
                assert obj.get("/S") not in (pikepdf.Name.JavaScript, pikepdf.Name.Launch)
                assert "/JS" not in obj and "/EF" not in obj


def test_a_pdf_locked_with_a_password_is_refused_in_plain_swedish():
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="hemlig", owner="hemlig"))

    message = _refusal(_upload(out.getvalue(), "last.pdf", "application/pdf"))

    assert message == "PDF-filen är låst med ett lösenord. Spara den utan lösenord och försök igen."


def test_a_pdf_that_cannot_be_read_is_refused():
    broken = b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n"

    assert _refusal(_upload(broken, "trasig.pdf", "application/pdf")).startswith("PDF-filen")


def test_a_6320_by_6320_png_is_refused_from_its_header_without_decoding(monkeypatch):
    from PIL import ImageFile

    decoded = []

    def never(self, *args, **kwargs):
        decoded.append(self.size)
        raise AssertionError("pixels were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", never)
    bomb = _bilevel_png(6320, 6320)  # 39.9 MP in a file of a few kilobytes
    assert len(bomb) < 100_000

    message = _refusal(_upload(bomb, "bomb.png", "image/png"))

    assert message.startswith("Bilden är för stor.")
    assert decoded == []


def test_the_pixel_budget_is_24_megapixels_and_pillow_keeps_it_too():
    from portal.attachments import MAX_PIXELS

    assert MAX_PIXELS == 24_000_000
    assert Image.MAX_IMAGE_PIXELS == MAX_PIXELS
    # A 24 MP photo is fine; one pixel row more is not.
    _bilevel = _bilevel_png(6000, 4000)
    assert clean_upload(_upload(_bilevel, "ok.png", "image/png")).width == 4000
    assert _refusal(_upload(_bilevel_png(6000, 4001), "nej.png", "image/png")).startswith(
        "Bilden är för stor."
    )
