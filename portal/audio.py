"""Checking a recorded voice message by what it contains: its container is read, not
trusted from the name or the browser's content type.

Three containers are accepted, the ones phones record with MediaRecorder:

- WebM (Chrome, Android): EBML with DocType "webm"; exactly one track, of type audio,
  with the codec Opus (or Vorbis); only the top-level parts a recording has (SeekHead,
  Info, Tracks, Cluster, Cues, Tags, Void), so no attachments (embedded files) and no
  chapters; every element's size inside its parent; the duration from Info, or else
  from the last block's time (MediaRecorder writes none).
- Ogg (Firefox): a sequence of pages, each with its checksum, of one logical stream
  that starts with an OpusHead and OpusTags; nothing before, between or after the pages;
  the duration from the last page's granule position less the pre-skip.
- MP4 (Safari on iPhone, and Chrome): ISO BMFF boxes, ftyp first with a brand that is not
  an image's (HEIF); only the top-level boxes a recording has (ftyp, moov, moof, mdat,
  free, skip, sidx, mfra, styp); exactly one track, a sound track ("soun") whose sample
  entry is AAC (mp4a) or Opus; the duration from the movie header, or else summed from
  the fragments (moof, trun).

Not re-encoded: what a browser plays from these is the audio stream, and nothing in them
can run. The file is refused if its parts do not add up (a box or element running past
its parent), if it holds more than one stream or anything but sound, or if it is longer
than MAX_SECONDS. The size is bounded by the caller (attachments.MAX_VOICE_BYTES).
"""

import struct
from dataclasses import dataclass
from typing import Final

MAX_SECONDS: Final = 125  # two minutes, and a little for the recorder's own rounding


class NotAudio(Exception):
    """Not one of the accepted containers, or not as a recording makes it."""


class TooLong(Exception):
    """A recording longer than MAX_SECONDS."""


@dataclass(frozen=True)
class Audio:
    content_type: str
    extension: str
    seconds: float


def sniff_audio(data: bytes) -> str | None:
    """The container by its magic bytes: "webm", "ogg", "mp4", or None."""
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    if data.startswith(b"OggS"):
        return "ogg"
    if data[4:8] == b"ftyp" and data[8:12] not in IMAGE_BRANDS:
        return "mp4"
    return None


def read_audio(data: bytes) -> Audio:
    """Check the container and return what it is and how long; NotAudio or TooLong."""
    kind = sniff_audio(data)
    if kind == "webm":
        audio = Audio("audio/webm", "webm", _webm_seconds(data))
    elif kind == "ogg":
        audio = Audio("audio/ogg", "ogg", _ogg_seconds(data))
    elif kind == "mp4":
        audio = Audio("audio/mp4", "m4a", _mp4_seconds(data))
    else:
        raise NotAudio("not an accepted container")
    if not 0 < audio.seconds <= MAX_SECONDS:
        if audio.seconds > MAX_SECONDS:
            raise TooLong(audio.seconds)
        raise NotAudio("no sound in it")
    return audio


# --- WebM (EBML) ---------------------------------------------------------------------

EBML, DOCTYPE = 0x1A45DFA3, 0x4282
SEGMENT, SEEKHEAD, INFO, TRACKS, CLUSTER, CUES, TAGS, VOID, CRC32 = (
    0x18538067,
    0x114D9B74,
    0x1549A966,
    0x1654AE6B,
    0x1F43B675,
    0x1C53BB6B,
    0x1254C367,
    0xEC,
    0xBF,
)
TIMECODE_SCALE, DURATION = 0x2AD7B1, 0x4489
TRACK_ENTRY, TRACK_TYPE, CODEC_ID = 0xAE, 0x83, 0x86
TIMECODE, SIMPLE_BLOCK, BLOCK_GROUP, BLOCK = 0xE7, 0xA3, 0xA0, 0xA1
SEGMENT_CHILDREN: Final = {SEEKHEAD, INFO, TRACKS, CLUSTER, CUES, TAGS, VOID, CRC32}
# Where a cluster of unknown size ends: at the next of these (Void and CRC-32 may also
# stand inside a cluster).
TOP_LEVEL: Final = {SEEKHEAD, INFO, TRACKS, CLUSTER, CUES, TAGS}
UNKNOWN: Final = -1
AUDIO_TRACK: Final = 2
WEBM_CODECS: Final = {b"A_OPUS", b"A_VORBIS"}


def _vint(data: bytes, pos: int, *, keep_marker: bool) -> tuple[int, int]:
    """An EBML variable-length integer at `pos`: (value, position after it)."""
    if pos >= len(data):
        raise NotAudio("cut short")
    first = data[pos]
    length = 1
    while length <= 8 and not first & (0x80 >> (length - 1)):
        length += 1
    if length > 8 or pos + length > len(data):
        raise NotAudio("bad number")
    value = first if keep_marker else first & (0xFF >> length)
    for byte in data[pos + 1 : pos + length]:
        value = (value << 8) | byte
    if not keep_marker and value == (1 << (7 * length)) - 1:
        value = UNKNOWN  # all ones: "unknown size", as a live recording writes
    return value, pos + length


def _elements(data: bytes, start: int, end: int, *, stop_at: set[int] | None = None):
    """The elements between start and end: (id, data start, data end). An element of
    unknown size runs to `end`, or (for a cluster) to the next element in `stop_at`."""
    pos = start
    while pos < end:
        element_id, pos = _vint(data, pos, keep_marker=True)
        size, pos = _vint(data, pos, keep_marker=False)
        if size == UNKNOWN:
            stop = end
            if stop_at:
                stop = _next_of(data, pos, end, stop_at)
            yield element_id, pos, stop
            pos = stop
            continue
        if pos + size > end:
            raise NotAudio("element runs past its parent")
        yield element_id, pos, pos + size
        pos += size


def _next_of(data: bytes, pos: int, end: int, ids: set[int]) -> int:
    """Where the next element with one of `ids` starts (for a cluster of unknown size),
    walking the cluster's own children."""
    while pos < end:
        element_id, after_id = _vint(data, pos, keep_marker=True)
        if element_id in ids:
            return pos
        size, after = _vint(data, after_id, keep_marker=False)
        if size == UNKNOWN or after + size > end:
            raise NotAudio("element runs past its parent")
        pos = after + size
    return end


def _uint(data: bytes, start: int, end: int) -> int:
    if end - start > 8:
        raise NotAudio("number too long")
    return int.from_bytes(data[start:end], "big") if end > start else 0


def _webm_seconds(data: bytes) -> float:
    elements = list(_elements(data, 0, len(data)))
    if len(elements) != 2 or elements[0][0] != EBML or elements[1][0] != SEGMENT:
        raise NotAudio("not one EBML header and one segment")
    _, head_start, head_end = elements[0]
    doctype = b""
    for element_id, start, end in _elements(data, head_start, head_end):
        if element_id == DOCTYPE:
            doctype = data[start:end].rstrip(b"\x00")
    if doctype != b"webm":
        raise NotAudio("not webm")

    _, seg_start, seg_end = elements[1]
    scale = 1_000_000  # nanoseconds per tick, the default
    duration: float | None = None
    tracks: list[tuple[int, bytes]] = []
    last_tick = 0
    for element_id, start, end in _elements(data, seg_start, seg_end, stop_at=TOP_LEVEL):
        if element_id not in SEGMENT_CHILDREN:
            raise NotAudio(f"unexpected part {element_id:#x}")
        if element_id == INFO:
            for child, c_start, c_end in _elements(data, start, end):
                if child == TIMECODE_SCALE:
                    scale = _uint(data, c_start, c_end) or scale
                elif child == DURATION and c_end - c_start in (4, 8):
                    fmt = ">f" if c_end - c_start == 4 else ">d"
                    duration = struct.unpack(fmt, data[c_start:c_end])[0]
        elif element_id == TRACKS:
            for child, c_start, c_end in _elements(data, start, end):
                if child != TRACK_ENTRY:
                    continue
                kind, codec = 0, b""
                for field, f_start, f_end in _elements(data, c_start, c_end):
                    if field == TRACK_TYPE:
                        kind = _uint(data, f_start, f_end)
                    elif field == CODEC_ID:
                        codec = data[f_start:f_end].rstrip(b"\x00")
                tracks.append((kind, codec))
        elif element_id == CLUSTER:
            last_tick = max(last_tick, _cluster_last_tick(data, start, end))
    if len(tracks) != 1 or tracks[0][0] != AUDIO_TRACK or tracks[0][1] not in WEBM_CODECS:
        raise NotAudio("not one Opus or Vorbis audio track")
    if duration is not None and duration > 0:
        return duration * scale / 1e9
    return last_tick * scale / 1e9


def _cluster_last_tick(data: bytes, start: int, end: int) -> int:
    base, last = 0, 0
    for element_id, c_start, c_end in _elements(data, start, end):
        if element_id == TIMECODE:
            base = _uint(data, c_start, c_end)
        elif element_id == SIMPLE_BLOCK:
            last = max(last, _block_tick(data, c_start, c_end))
        elif element_id == BLOCK_GROUP:
            for child, b_start, b_end in _elements(data, c_start, c_end):
                if child == BLOCK:
                    last = max(last, _block_tick(data, b_start, b_end))
    return base + last


def _block_tick(data: bytes, start: int, end: int) -> int:
    _track, pos = _vint(data, start, keep_marker=False)
    if pos + 3 > end:
        raise NotAudio("block cut short")
    return max(struct.unpack(">h", data[pos : pos + 2])[0], 0)


# --- Ogg -----------------------------------------------------------------------------


def _ogg_crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_OGG_CRC: Final = _ogg_crc_table()


def ogg_crc(page: bytes) -> int:
    """Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected), over a page whose checksum
    field is zero."""
    crc = 0
    for byte in page:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _OGG_CRC[((crc >> 24) & 0xFF) ^ byte]
    return crc


def _ogg_seconds(data: bytes) -> float:
    pos, serial, packets, granule = 0, None, b"", 0
    first_packets: list[bytes] = []
    pages = 0
    while pos < len(data):
        if data[pos : pos + 4] != b"OggS" or pos + 27 > len(data) or data[pos + 4] != 0:
            raise NotAudio("not an Ogg page")
        flags = data[pos + 5]
        page_granule, page_serial, _seq, crc, count = struct.unpack(
            "<qIIIB", data[pos + 6 : pos + 27]
        )
        lacing = data[pos + 27 : pos + 27 + count]
        body = pos + 27 + count
        end = body + sum(lacing)
        if len(lacing) != count or end > len(data):
            raise NotAudio("Ogg page cut short")
        page = bytearray(data[pos:end])
        page[22:26] = b"\x00\x00\x00\x00"
        if ogg_crc(bytes(page)) != crc:
            raise NotAudio("Ogg checksum")
        if serial is None:
            if not flags & 0x02:
                raise NotAudio("no beginning of stream")
            serial = page_serial
        elif page_serial != serial:
            raise NotAudio("more than one stream")
        # The first two packets (the headers), joined across pages.
        offset = body
        for value in lacing:
            if len(first_packets) < 2:
                packets += data[offset : offset + value]
                if value < 255:
                    first_packets.append(packets)
                    packets = b""
            offset += value
        if page_granule >= 0:
            granule = max(granule, page_granule)
        pages += 1
        pos = end
    if len(first_packets) < 2:
        raise NotAudio("no Opus headers")
    head, tags = first_packets
    if not head.startswith(b"OpusHead") or len(head) < 19 or not tags.startswith(b"OpusTags"):
        raise NotAudio("not Opus")
    pre_skip = struct.unpack("<H", head[10:12])[0]
    return max(granule - pre_skip, 0) / 48_000


# --- MP4 (ISO BMFF) --------------------------------------------------------------------

MP4_TOP: Final = {b"ftyp", b"moov", b"moof", b"mdat", b"free", b"skip", b"sidx", b"mfra", b"styp"}
IMAGE_BRANDS: Final = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"}
MP4_CODECS: Final = {b"mp4a", b"Opus"}


def _boxes(data: bytes, start: int, end: int):
    """The boxes between start and end: (type, data start, data end)."""
    pos = start
    while pos < end:
        if pos + 8 > end:
            raise NotAudio("box cut short")
        size, kind = struct.unpack(">I4s", data[pos : pos + 8])
        header = 8
        if size == 1:
            if pos + 16 > end:
                raise NotAudio("box cut short")
            size = struct.unpack(">Q", data[pos + 8 : pos + 16])[0]
            header = 16
        elif size == 0:
            size = end - pos
        if size < header or pos + size > end:
            raise NotAudio("box runs past its parent")
        yield kind, pos + header, pos + size
        pos += size


def _child(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    for child, c_start, c_end in _boxes(data, start, end):
        if child == kind:
            return c_start, c_end
    return None


def _full_box_times(data: bytes, start: int, end: int) -> tuple[int, int]:
    """(timescale, duration) of an mvhd or mdhd box."""
    version = data[start] if start < end else 0
    if version == 1 and start + 32 <= end:
        return struct.unpack(">IQ", data[start + 20 : start + 32])
    if start + 20 <= end:
        return struct.unpack(">II", data[start + 12 : start + 20])
    raise NotAudio("header cut short")


def _mp4_seconds(data: bytes) -> float:
    top = list(_boxes(data, 0, len(data)))
    if not top or top[0][0] != b"ftyp":
        raise NotAudio("no ftyp first")
    _, f_start, f_end = top[0]
    if data[f_start : f_start + 4] in IMAGE_BRANDS:
        raise NotAudio("an image")
    if any(kind not in MP4_TOP for kind, _, _ in top):
        raise NotAudio("unexpected part")
    movies = [(s, e) for kind, s, e in top if kind == b"moov"]
    if len(movies) != 1:
        raise NotAudio("not one movie")
    m_start, m_end = movies[0]
    traks = [(s, e) for kind, s, e in _boxes(data, m_start, m_end) if kind == b"trak"]
    if len(traks) != 1:
        raise NotAudio("not one track")
    mdia = _child(data, *traks[0], b"mdia")
    if mdia is None:
        raise NotAudio("no media")
    hdlr, mdhd = _child(data, *mdia, b"hdlr"), _child(data, *mdia, b"mdhd")
    if hdlr is None or mdhd is None or data[hdlr[0] + 8 : hdlr[0] + 12] != b"soun":
        raise NotAudio("not a sound track")
    minf = _child(data, *mdia, b"minf")
    stbl = minf and _child(data, *minf, b"stbl")
    stsd = stbl and _child(data, *stbl, b"stsd")
    if not stsd or data[stsd[0] + 12 : stsd[0] + 16] not in MP4_CODECS:
        raise NotAudio("not AAC or Opus")
    timescale, duration = _full_box_times(data, *mdhd)
    if not timescale:
        raise NotAudio("no timescale")
    fragments = [(s, e) for kind, s, e in top if kind == b"moof"]
    if fragments:
        # A recording made in pieces (MediaRecorder): the headers know no length; the
        # fragments' sample durations add up to it.
        default = _trex_default(data, m_start, m_end)
        return sum(_fragment_ticks(data, s, e, default) for s, e in fragments) / timescale
    mvhd = _child(data, m_start, m_end, b"mvhd")
    if mvhd is not None:
        movie_scale, movie_duration = _full_box_times(data, *mvhd)
        if movie_scale and movie_duration:
            return movie_duration / movie_scale
    return duration / timescale


def _trex_default(data: bytes, start: int, end: int) -> int:
    mvex = _child(data, start, end, b"mvex")
    trex = mvex and _child(data, *mvex, b"trex")
    if trex and trex[0] + 20 <= trex[1]:
        return struct.unpack(">I", data[trex[0] + 12 : trex[0] + 16])[0]
    return 0


def _fragment_ticks(data: bytes, start: int, end: int, default: int) -> int:
    ticks = 0
    for kind, t_start, t_end in _boxes(data, start, end):
        if kind != b"traf":
            continue
        sample = default
        tfhd = _child(data, t_start, t_end, b"tfhd")
        if tfhd is not None:
            flags = int.from_bytes(data[tfhd[0] + 1 : tfhd[0] + 4], "big")
            pos = tfhd[0] + 8  # version and flags, track id
            pos += 8 if flags & 0x01 else 0  # base data offset
            pos += 4 if flags & 0x02 else 0  # sample description index
            if flags & 0x08 and pos + 4 <= tfhd[1]:
                sample = struct.unpack(">I", data[pos : pos + 4])[0]
        for child, r_start, r_end in _boxes(data, t_start, t_end):
            if child == b"trun":
                ticks += _trun_ticks(data, r_start, r_end, sample)
    return ticks


def _trun_ticks(data: bytes, start: int, end: int, default: int) -> int:
    flags = int.from_bytes(data[start + 1 : start + 4], "big")
    count = struct.unpack(">I", data[start + 4 : start + 8])[0]
    pos = start + 8 + (4 if flags & 0x01 else 0) + (4 if flags & 0x04 else 0)
    per_sample = sum(4 for bit in (0x100, 0x200, 0x400, 0x800) if flags & bit)
    if not flags & 0x100:
        return count * default
    if pos + count * per_sample > end:
        raise NotAudio("run cut short")
    ticks = 0
    for _ in range(count):
        ticks += struct.unpack(">I", data[pos : pos + 4])[0]
        pos += per_sample
    return ticks
