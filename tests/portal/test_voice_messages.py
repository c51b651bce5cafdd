"""Voice messages: a recording is checked by reading its container (portal/audio.py),
kept as recorded, played in the bubble, listed in the copy and erased with the rest.

The WebM and MP4 files in tests/portal/audio/ were recorded by Chromium's MediaRecorder
(a fake microphone); Ogg (Firefox) and AAC-in-MP4 (Safari) are built here, box by box."""

import json
import struct
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.actions import messaging
from portal.attachments import AttachmentRefused, clean_upload, clean_voice
from portal.audio import MAX_SECONDS, NotAudio, TooLong, ogg_crc, read_audio
from portal.models import Attachment
from portal.queries.copy import copy_html, copy_json
from tests.conftest import small_photo

AUDIO = Path(__file__).parent / "audio"
WEBM = (AUDIO / "chrome-opus.webm").read_bytes()
MP4 = (AUDIO / "chrome.mp4").read_bytes()


# --- Builders ------------------------------------------------------------------------


def ebml(element_id: int, body: bytes) -> bytes:
    size = len(body)
    # The size as an 8-byte EBML number: the marker 0x01, then 7 bytes.
    return (
        element_id.to_bytes((element_id.bit_length() + 7) // 8, "big")
        + b"\x01"
        + size.to_bytes(7, "big")
        + body
    )


def webm(*, tracks: list[tuple[int, bytes]], extra: bytes = b"", seconds: float = 3.0) -> bytes:
    header = ebml(0x1A45DFA3, ebml(0x4282, b"webm"))
    entries = b"".join(
        ebml(0xAE, ebml(0xD7, b"\x01") + ebml(0x83, bytes([kind])) + ebml(0x86, codec))
        for kind, codec in tracks
    )
    info = ebml(0x1549A966, ebml(0x2AD7B1, (1_000_000).to_bytes(3, "big")))
    ticks = int(seconds * 1000)
    cluster = ebml(
        0x1F43B675,
        ebml(0xE7, ticks.to_bytes(4, "big")) + ebml(0xA3, b"\x81\x00\x00\x80" + b"\xfc" * 20),
    )
    return header + ebml(0x18538067, info + ebml(0x1654AE6B, entries) + extra + cluster)


def ogg_page(serial: int, seq: int, granule: int, packets: list[bytes], flags: int = 0) -> bytes:
    lacing = b""
    for packet in packets:
        lacing += b"\xff" * (len(packet) // 255) + bytes([len(packet) % 255])
    head = b"OggS" + struct.pack("<BBqIIIB", 0, flags, granule, serial, seq, 0, len(lacing))
    page = head + lacing + b"".join(packets)
    return page[:22] + struct.pack("<I", ogg_crc(page)) + page[26:]


def ogg(seconds: float, *, serials=(7, 7, 7)) -> bytes:
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 0) + struct.pack("<I", 0)
    return (
        ogg_page(serials[0], 0, 0, [head], flags=0x02)
        + ogg_page(serials[1], 1, 0, [tags])
        + ogg_page(serials[2], 2, int(seconds * 48000) + 312, [b"\xfc" * 40], flags=0x04)
    )


def box(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I4s", len(body) + 8, kind) + body


def mp4(*, handler: bytes = b"soun", codec: bytes = b"mp4a", brand: bytes = b"M4A ") -> bytes:
    """An AAC recording as Safari makes it when it knows the length (not fragmented)."""
    mvhd = box(b"mvhd", b"\x00" * 12 + struct.pack(">II", 1000, 4500) + b"\x00" * 80)
    mdhd = box(b"mdhd", b"\x00" * 12 + struct.pack(">II", 44100, 44100 * 4) + b"\x00" * 4)
    hdlr = box(b"hdlr", b"\x00" * 8 + handler + b"\x00" * 12 + b"\x00")
    stsd = box(b"stsd", b"\x00" * 8 + box(codec, b"\x00" * 28))
    minf = box(b"minf", box(b"stbl", stsd))
    trak = box(b"trak", box(b"mdia", mdhd + hdlr + minf))
    return (
        box(b"ftyp", brand + b"\x00\x00\x00\x00" + b"isom")
        + box(b"moov", mvhd + trak)
        + box(b"mdat", b"\x00" * 64)
    )


def upload(data: bytes, name: str = "rost.webm") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


# --- What is accepted ----------------------------------------------------------------


def test_a_chrome_recording_in_webm_is_kept_as_recorded_with_its_length():
    clean = clean_voice(upload(WEBM))
    assert clean.content == WEBM  # not re-encoded
    assert (clean.content_type, clean.extension) == ("audio/webm", "webm")
    assert 1.0 < clean.seconds < 2.0


def test_mp4_from_chrome_and_aac_from_an_iphone_are_accepted():
    fragmented = clean_voice(upload(MP4, "rost.m4a"))
    assert fragmented.content_type == "audio/mp4" and 1.0 < fragmented.seconds < 2.0
    aac = clean_voice(upload(mp4(), "rost.m4a"))
    assert aac.extension == "m4a" and aac.seconds == pytest.approx(4.5)


def test_ogg_opus_from_firefox_is_accepted_by_its_pages():
    clean = clean_voice(upload(ogg(12.5), "rost.ogg"))
    assert clean.content_type == "audio/ogg" and clean.seconds == pytest.approx(12.5)


def test_a_built_webm_with_one_opus_track_reads_its_length_from_the_last_block():
    assert read_audio(webm(tracks=[(2, b"A_OPUS")], seconds=7)).seconds == pytest.approx(7)


# --- What is refused -------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(webm(tracks=[(1, b"V_VP8"), (2, b"A_OPUS")]), id="webm-with-video"),
        pytest.param(webm(tracks=[(1, b"V_VP8")]), id="webm-video-only"),
        pytest.param(webm(tracks=[(2, b"A_AAC")]), id="webm-other-codec"),
        pytest.param(
            webm(tracks=[(2, b"A_OPUS")], extra=ebml(0x1941A469, b"\x61" * 30)),
            id="webm-with-attachments",
        ),
        pytest.param(WEBM[: len(WEBM) // 3] + b"\x1a\x45", id="webm-cut-and-junk"),
        pytest.param(ogg(3, serials=(7, 8, 7)), id="ogg-two-streams"),
        pytest.param(ogg(3)[:-5] + b"XXXXX", id="ogg-bad-checksum"),
        pytest.param(ogg(3) + b"trailing", id="ogg-trailing-bytes"),
        pytest.param(mp4(handler=b"vide"), id="mp4-video"),
        pytest.param(mp4(codec=b"avc1"), id="mp4-other-codec"),
        pytest.param(mp4()[:-10], id="mp4-cut-short"),
        pytest.param(mp4() + box(b"meta", b"x" * 10), id="mp4-unexpected-box"),
    ],
)
def test_anything_but_one_stream_of_sound_as_a_recording_makes_it_is_refused(data):
    with pytest.raises(NotAudio):
        read_audio(data)
    with pytest.raises(AttachmentRefused):
        clean_voice(upload(data))


def test_longer_than_two_minutes_is_refused_calmly():
    with pytest.raises(TooLong):
        read_audio(ogg(MAX_SECONDS + 10))
    with pytest.raises(AttachmentRefused) as refused:
        clean_voice(upload(ogg(MAX_SECONDS + 10)))
    assert "högst 2 minuter" in str(refused.value.message)


def test_the_voice_field_takes_sound_only_and_the_photo_field_no_fakes():
    with pytest.raises(AttachmentRefused):
        clean_voice(upload(small_photo(), "rost.webm"))  # a photo named like a recording
    with pytest.raises(AttachmentRefused):
        clean_voice(upload(mp4(brand=b"heic"), "rost.m4a"))  # an image's ftyp
    with pytest.raises(AttachmentRefused):
        clean_voice(upload(b"\x1a\x45\xdf\xa3" + b"\x00" * 5_000_000))  # too big
    assert clean_upload(upload(small_photo(), "foto.jpg")).content_type == "image/jpeg"


# --- Sent, played, copied ----------------------------------------------------------------


def _send_voice(client_client, data=WEBM):
    return client_client.post(
        "/meddelanden/",
        {"text": "", "client_uuid": str(uuid.uuid4()), "voice": upload(data)},
        headers={"HX-Request": "true"},
    )


def test_the_client_sends_a_voice_message_and_both_parties_can_play_it(
    client_client, ombud_client, contact
):
    response = _send_voice(client_client)
    assert response.status_code == 200
    stored = Attachment.objects.get()
    assert stored.content_type == "audio/webm" and 1 < stored.seconds < 2
    html = response.content.decode()
    assert (
        f'<audio class="bubble-audio" controls preload="metadata" src="/bilaga/{stored.pk}/"'
        in html
    )
    assert "Röstmeddelande, 1 sekund" in html
    page = ombud_client.get(f"/ombud/klient/{contact.pk}/meddelanden/").content.decode()
    assert f'src="/bilaga/{stored.pk}/"' in page and "Röstmeddelande från Maja" in page
    played = ombud_client.get(f"/bilaga/{stored.pk}/")
    assert played["Content-Type"] == "audio/webm" and played.content == WEBM
    assert played["Content-Disposition"].startswith("inline;")
    assert played["X-Content-Type-Options"] == "nosniff"


def test_the_ombud_replies_by_voice(ombud_client, contact):
    response = ombud_client.post(
        f"/ombud/klient/{contact.pk}/meddelanden/",
        {"text": "", "client_uuid": str(uuid.uuid4()), "voice": upload(ogg(4), "rost.ogg")},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert Attachment.objects.get().content_type == "audio/ogg"


def test_a_broken_recording_keeps_the_form_and_says_what_to_do(client_client):
    response = _send_voice(client_client, data=b"OggS" + b"\x00" * 100)
    assert response.status_code == 422
    assert "Inspelningen gick inte att läsa. Spela in igen" in response.content.decode()
    assert not Attachment.objects.exists()


def test_the_copy_lists_the_voice_message_with_its_length_and_embeds_it(contact, client_user):
    messaging.send_message(
        contact, client_user, text="", client_uuid=uuid.uuid4(), voice=clean_voice(upload(WEBM))
    )
    data = json.loads(copy_json(contact))
    voice = data["messages"][0]["attachments"][0]
    assert voice["content_type"] == "audio/webm" and 1 < voice["seconds"] < 2
    html = copy_html(contact)
    html = html.decode() if isinstance(html, bytes) else html
    assert "Röstmeddelande, 1 sekund" in html
    assert '<audio controls src="data:audio/webm;base64,' in html


def test_the_page_may_use_the_microphone_and_play_its_own_recording(client_client):
    response = client_client.get("/meddelanden/")
    assert "microphone=(self)" in response["Permissions-Policy"]
    assert "media-src 'self' blob:" in response["Content-Security-Policy"]
    assert 'name="voice"' in response.content.decode()
