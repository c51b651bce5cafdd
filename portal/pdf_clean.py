"""Re-writing an uploaded PDF without anything that can act: the pages stay, the
programs go.

A PDF can carry JavaScript (document-level, on opening, on a page, in a form field or a
link), actions that open other files or programs (Launch), submit or import data, play
media, embedded files (attachments inside the PDF, a common way to pass malware along),
and XFA forms (XML forms with their own scripting). All of them are removed with pikepdf
(qpdf); only in-document links (GoTo) and named page navigation are kept. The file is
then written anew by qpdf, which also drops objects nothing refers to any more (the
scripts and files themselves) and repairs a damaged cross-reference table.

If the result still holds JavaScript or an embedded file anywhere, or qpdf cannot read
the file (damaged, or locked with a password), the PDF is refused: CleaningFailed.
"""

import io
from typing import Final

import pikepdf
from pikepdf import Dictionary, Name

# Actions that only move within the document.
SAFE_ACTIONS: Final = {Name.GoTo, Name("/Named")}
# Keys whose value is, or holds, something that runs or carries a file.
ACTIVE_KEYS: Final = (
    "/AA",  # additional actions: on open, close, focus, keystroke, page visible, ...
    "/OpenAction",
    "/JS",
    "/JavaScript",
    "/EmbeddedFiles",
    "/EF",  # a file specification's embedded file stream
    "/XFA",
    "/RichMediaContent",
    "/RichMediaSettings",
    "/Collection",  # a PDF portfolio: a wrapper around embedded files
    "/AF",  # associated files (PDF 2.0): more file specifications
)
# Annotations that exist to carry a file, media or a script.
ACTIVE_ANNOTATIONS: Final = {
    Name("/FileAttachment"),
    Name("/RichMedia"),
    Name("/Screen"),
    Name("/Movie"),
    Name("/Sound"),
    Name("/3D"),
}


class CleaningFailed(Exception):
    """The PDF cannot be read, or cannot be made inert."""


class PasswordProtected(CleaningFailed):
    """The PDF needs a password to open."""


def clean_pdf(data: bytes) -> bytes:
    """`data` re-written without scripts, actions, embedded files and XFA."""
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            _strip(pdf)
            out = io.BytesIO()
            # Streams are kept as they came (compressed or not), so the file does not grow.
            pdf.save(
                out,
                compress_streams=False,
                object_stream_mode=pikepdf.ObjectStreamMode.preserve,
                encryption=False,
                deterministic_id=True,
            )
    except pikepdf.PasswordError as error:
        raise PasswordProtected(str(error)) from error
    except (pikepdf.PdfError, ValueError, RuntimeError) as error:
        raise CleaningFailed(str(error)) from error
    cleaned = out.getvalue()
    _require_inert(cleaned)
    return cleaned


def _strip(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        annotations = page.obj.get("/Annots")
        if isinstance(annotations, pikepdf.Array):
            kept = [
                annotation
                for annotation in annotations
                if not (
                    isinstance(annotation, Dictionary)
                    and annotation.get("/Subtype") in ACTIVE_ANNOTATIONS
                )
            ]
            page.obj.Annots = pikepdf.Array(kept)
    for obj in pdf.objects:
        if isinstance(obj, Dictionary):
            _strip_dictionary(obj)
    # The catalogue and what hangs directly off it, also when they are direct objects.
    for part in (pdf.Root, pdf.Root.get("/Names"), pdf.Root.get("/AcroForm")):
        if isinstance(part, Dictionary):
            _strip_dictionary(part)


def _strip_dictionary(obj: Dictionary) -> None:
    for key in ACTIVE_KEYS:
        if key in obj:
            del obj[key]
    action = obj.get("/A")
    if isinstance(action, Dictionary) and action.get("/S") not in SAFE_ACTIONS:
        del obj["/A"]
    # An action object on its own (e.g. reached through /Next of another action).
    kind = obj.get("/S")
    if kind is not None and kind not in SAFE_ACTIONS and obj.get("/Type") == Name("/Action"):
        obj.S = Name.GoTo
        obj.D = pikepdf.Array([])
    if "/Next" in obj and obj.get("/S") is not None:
        del obj["/Next"]


def _require_inert(cleaned: bytes) -> None:
    try:
        with pikepdf.open(io.BytesIO(cleaned)) as pdf:
            if pdf.attachments:
                raise CleaningFailed("an embedded file is left")
            for obj in pdf.objects:
                if not isinstance(obj, Dictionary):
                    continue
                for key in ACTIVE_KEYS:
                    if key in obj:
                        raise CleaningFailed(f"{key} is left")
                if obj.get("/S") in (Name.JavaScript, Name.Launch):
                    raise CleaningFailed("an action is left")
                if obj.get("/Type") == Name("/EmbeddedFile"):
                    raise CleaningFailed("an embedded file is left")
    except pikepdf.PdfError as error:
        raise CleaningFailed(str(error)) from error
