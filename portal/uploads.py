"""Receiving an uploaded file: never more than portal.attachments.MAX_BYTES of it is kept.

The first of settings.FILE_UPLOAD_HANDLERS. It counts each file's bytes as Django's
multipart parser hands them over; as soon as a file passes MAX_BYTES, nothing more of it
reaches the handlers that store it (memory or a temporary file), and the form receives an
OversizeUpload in its place: a file with the size received so far and no content, which
portal.attachments.clean_upload refuses with the plain "too big" message, while every other
field of the form (the text that was typed) is parsed and kept as usual.

The rest of that file's part is read past and thrown away, not stored. The body has already
been received by then (daphne buffers a request before the app sees it; Django spools it to
a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE), so the limit on what the server
receives at all belongs in front of it: `client_max_body_size` at the TLS-terminating proxy
(README, "Production profile").
"""

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from portal.attachments import MAX_BYTES


class OversizeUpload(UploadedFile):
    """Stands in for a file that passed MAX_BYTES: its size says so; it has no content."""

    def __init__(self, name: str | None, content_type: str | None, size: int) -> None:
        super().__init__(file=None, name=name, content_type=content_type, size=size)

    def open(self, mode: str | None = None, *args: Any, **kwargs: Any) -> "OversizeUpload":
        raise ValueError("An upload over the size limit has no content to open.")

    def read(self, *args: Any, **kwargs: Any) -> bytes:
        raise ValueError("An upload over the size limit has no content to read.")

    def chunks(self, chunk_size: int | None = None) -> Any:
        raise ValueError("An upload over the size limit has no content to read.")

    def close(self) -> None:
        pass


class SizeLimitUploadHandler(FileUploadHandler):
    """Passes each file on to the next handlers until it passes MAX_BYTES."""

    received = 0
    too_big = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_big = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > MAX_BYTES:
            self.too_big = True
            return None  # the handlers after this one get nothing more of this file
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if not self.too_big:
            return None  # the next handler (memory or temporary file) has the whole file
        # The cut-off part the next handler kept is thrown away now (a temporary file is
        # deleted when closed). A file this big never went to the memory handler, which
        # only takes whole requests under FILE_UPLOAD_MAX_MEMORY_SIZE.
        for handler in getattr(self.request, "upload_handlers", []):
            partial = getattr(handler, "file", None)
            if handler is not self and partial is not None:
                partial.close()
        return OversizeUpload(self.file_name, self.content_type, self.received)
