"""Checking an uploaded attachment by what it contains, before anyone else gets to see it.

A typical attachment is a phone photo of a letter from an authority, or a PDF. The file name
and the browser's content type are chosen by the sender, so they are ignored: the kind of file
is decided from its first bytes. Images are decoded and encoded again, which throws away
anything that is not pixels (EXIF with GPS position, XMP, comments, appended data); an image
whose header claims more than MAX_PIXELS is refused before a single pixel is decoded. PDFs
are written anew without scripts, actions, embedded files or XFA (portal.pdf_clean).
Voice messages (WebM/Opus, Ogg/Opus, MP4 with AAC or Opus) are kept as recorded, after
their container is read and checked (portal.audio says what is checked), up to
MAX_VOICE_BYTES and two minutes.

The upload itself is cut off at MAX_BYTES while it is received (portal.uploads).
"""

import io
import struct
import warnings
from dataclasses import dataclass
from typing import Final

from django.core.files.uploadedfile import UploadedFile
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from portal.audio import NotAudio, TooLong, read_audio, sniff_audio
from portal.pdf_clean import CleaningFailed, PasswordProtected, clean_pdf

MAX_BYTES: Final = 10 * 1024 * 1024
# Decoding and re-encoding costs 8-10 MiB of memory per megapixel (benchmarks/image_memory.py,
# docs/benchmarks.md): 24 MP, a phone's 12 or 24 MP photo, is about 200-240 MiB for one upload,
# which a daphne worker can afford. Checked from the header, before any pixel is decoded: a small
# file can claim a huge canvas (a "decompression bomb").
MAX_PIXELS: Final = 24_000_000
# Pillow's own guard, for any other image opened in this process: a warning above this, an
# error above twice this.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Long enough for fine print on a photographed letter, small enough to send and show quickly.
MAX_SIDE: Final = 4000
JPEG_QUALITY: Final = 85
# Two minutes of speech at the recorder's 32 kbit/s is about 0.5 MB; a phone that ignores
# the asked-for bit rate (128 kbit/s) still fits.
MAX_VOICE_BYTES: Final = 4 * 1024 * 1024

TOO_BIG = _(
    "Filen är för stor. Den får vara högst 10 MB. Ta ett nytt foto eller skicka en mindre fil."
)
NOT_ACCEPTED = _(
    "Det här går inte att skicka. Du kan skicka foton (JPEG, PNG, WebP) och PDF-filer."
)
EMPTY = _("Filen är tom. Välj filen igen och försök en gång till.")
UNREADABLE_IMAGE = _(
    "Bilden går inte att öppna. Den kan vara trasig. Ta ett nytt foto och försök igen."
)
# The disk the files go on is full (portal/storage.py StorageFull): nothing was kept.
NOT_SAVED = _(
    "Det gick inte att spara filen just nu. Ingenting skickades. Försök igen om en stund, "
    "eller skicka texten utan filen."
)
TOO_MANY_PIXELS = _("Bilden är för stor. Ta ett nytt foto eller skicka en mindre bild.")
BROKEN_PDF = _(
    "PDF-filen går inte att öppna. Den kan vara trasig. Spara den igen och försök på nytt."
)
LOCKED_PDF = _("PDF-filen är låst med ett lösenord. Spara den utan lösenord och försök igen.")
NOT_VOICE = _("Inspelningen gick inte att läsa. Spela in igen och försök en gång till.")
VOICE_TOO_LONG = _("Röstmeddelandet är för långt. Det får vara högst 2 minuter.")
VOICE_TOO_BIG = _("Röstmeddelandet är för stort. Spela in ett kortare.")


class AttachmentRefused(Exception):
    """The upload cannot be accepted; `message` tells the sender what to do instead."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CleanFile:
    content: bytes
    content_type: str
    extension: str
    width: int | None
    height: int | None
    seconds: float | None = None  # a voice message's length


def clean_upload(upload: UploadedFile) -> CleanFile:
    """Return a safe version of `upload`, or raise AttachmentRefused."""
    # `size` comes from the upload handler, which counted the bytes it received, so a huge file
    # is turned away without reading it. The bounded read also covers a `size` that is wrong.
    if upload.size is not None and upload.size > MAX_BYTES:
        raise AttachmentRefused(TOO_BIG)
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise AttachmentRefused(TOO_BIG)
    if not data:
        raise AttachmentRefused(EMPTY)

    if data.startswith(b"%PDF-"):
        return _clean_pdf(data)
    image_format = _sniff_image(data)
    if image_format is None:
        if sniff_audio(data):
            return _check_voice(data)
        raise AttachmentRefused(NOT_ACCEPTED)
    return _clean_image(data, image_format)


def clean_voice(upload: UploadedFile) -> CleanFile:
    """A recorded voice message, or AttachmentRefused: sound only, nothing else."""
    if upload.size is not None and upload.size > MAX_VOICE_BYTES:
        raise AttachmentRefused(VOICE_TOO_BIG)
    upload.seek(0)
    data = upload.read(MAX_VOICE_BYTES + 1)
    if not data:
        raise AttachmentRefused(EMPTY)
    if not sniff_audio(data) or _sniff_image(data):
        raise AttachmentRefused(NOT_VOICE)
    return _check_voice(data)


def _check_voice(data: bytes) -> CleanFile:
    # Kept as recorded: the container is read and checked (portal.audio), not re-encoded.
    if len(data) > MAX_VOICE_BYTES:
        raise AttachmentRefused(VOICE_TOO_BIG)
    try:
        audio = read_audio(data)
    except TooLong as error:
        raise AttachmentRefused(VOICE_TOO_LONG) from error
    except (NotAudio, struct.error, ValueError, IndexError) as error:
        raise AttachmentRefused(NOT_VOICE) from error
    return CleanFile(data, audio.content_type, audio.extension, None, None, audio.seconds)


def _clean_pdf(data: bytes) -> CleanFile:
    # Re-written without anything that can act; still served as a download only
    # (Content-Disposition: attachment, X-Content-Type-Options: nosniff), never inline.
    if b"%%EOF" not in data[-1024:]:
        raise AttachmentRefused(BROKEN_PDF)
    try:
        cleaned = clean_pdf(data)
    except PasswordProtected as error:
        raise AttachmentRefused(LOCKED_PDF) from error
    except CleaningFailed as error:
        raise AttachmentRefused(BROKEN_PDF) from error
    if len(cleaned) > MAX_BYTES:
        raise AttachmentRefused(TOO_BIG)
    return CleanFile(cleaned, "application/pdf", "pdf", None, None)


# Brands in an ISO-BMFF "ftyp" box that mean a HEIF/HEIC still image (iPhone photos).
_HEIF_BRANDS: Final = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}


def _sniff_image(data: bytes) -> str | None:
    """The Pillow format name for an image kind we accept, decided by the file's magic bytes."""
    if data.startswith(b"\xff\xd8\xff"):
        kind = "JPEG"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "PNG"
    elif data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "WEBP"
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        kind = "GIF"
    elif data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        kind = "HEIF"
    else:
        return None
    # HEIF (and in principle any of these) only counts if this Pillow has a decoder for it.
    Image.init()
    return kind if kind in Image.OPEN else None


def _clean_image(data: bytes, image_format: str) -> CleanFile:
    # Inside this block Pillow's DecompressionBombWarning is an error we turn into a refusal,
    # and its other warnings (e.g. about corrupt EXIF in an otherwise fine photo) are dropped:
    # none of them may reach the log or, under the test suite's filterwarnings=error, the caller.
    # catch_warnings is process-wide in Python 3.11, so it wraps only the work on this image.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _encode(_decode(data, image_format), image_format)
        except AttachmentRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise AttachmentRefused(TOO_MANY_PIXELS) from error
        except Exception as error:
            # Pillow reports damaged files with many exception types (OSError, SyntaxError,
            # ValueError, struct.error, ...); each one means we cannot use this image.
            raise AttachmentRefused(UNREADABLE_IMAGE) from error


def _decode(data: bytes, image_format: str) -> Image.Image:
    # Opening reads only the header, so the canvas size is checked before any pixels are.
    with Image.open(io.BytesIO(data), formats=[image_format]) as probe:
        if probe.width * probe.height > MAX_PIXELS:
            raise AttachmentRefused(TOO_MANY_PIXELS)
        # verify() checks the structure (e.g. PNG checksums) but leaves the image unusable.
        probe.verify()
    with Image.open(io.BytesIO(data), formats=[image_format]) as image:
        # load() decodes every pixel: a truncated file fails here rather than later on.
        image.load()
        # Photos are stored sideways with an EXIF note saying how to turn them; apply it now,
        # because the EXIF is about to be thrown away.
        return ImageOps.exif_transpose(image)


def _encode(image: Image.Image, source_format: str) -> CleanFile:
    source_mode = image.mode
    if image.has_transparency_data:
        image = image.convert("RGBA")
        # A fully opaque alpha channel only makes the file bigger (and would force PNG).
        if image.getchannel("A").getextrema() == (255, 255):
            image = image.convert("RGB")
    elif image.mode not in ("L", "RGB"):
        # CMYK, palette, 1-bit, 16-bit: RGB is what every viewer and encoder handles.
        image = image.convert("RGB")

    # JPEG stays JPEG and PNG stays PNG; a GIF becomes PNG (only its first frame); the others
    # (WebP, HEIF) become what browsers handle best: PNG if they are see-through, else JPEG.
    as_png = image.mode == "RGBA" or source_format in ("PNG", "GIF")
    out_format = "PNG" if as_png else "JPEG"

    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)

    # The colour profile says how to show the pixels, so it is kept, but only while it still
    # matches them (a CMYK or greyscale profile is wrong for RGB).
    icc_profile = image.info.get("icc_profile") if image.mode == source_mode else None
    # Encoders write EXIF and XMP only when asked to, but a JPEG comment or PNG text can be
    # carried over from `info`; starting from an empty `info` leaves nothing but pixels.
    image.info = {}
    options: dict[str, object] = {"icc_profile": icc_profile} if icc_profile else {}
    if out_format == "JPEG":
        options |= {"quality": JPEG_QUALITY, "optimize": True}

    buffer = io.BytesIO()
    image.save(buffer, format=out_format, **options)
    content_type, extension = ("image/png", "png") if out_format == "PNG" else ("image/jpeg", "jpg")
    return CleanFile(buffer.getvalue(), content_type, extension, image.width, image.height)
