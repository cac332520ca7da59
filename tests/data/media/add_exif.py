#!/usr/bin/env python3
"""Writes a copy of a JPEG with an EXIF APP1 segment (ffmpeg writes no EXIF).

    python3 add_exif.py photo.jpg photo_exif.jpg

IFD0: Make "Sanxiang", Model "SX-PHONE-2", Orientation 6 (stored sideways, shown turned 90°
clockwise); Exif IFD: DateTimeOriginal "2026:11:20 09:30:00". Little-endian TIFF.
"""
import struct
import sys


def ascii_value(s):
    return s.encode() + b"\0"


def ifd(entries, offset):
    """An IFD placed at `offset` in the TIFF data: entries (tag, type, count, bytes), then values."""
    size = 2 + 12 * len(entries) + 4
    out, data = struct.pack("<H", len(entries)), b""
    for tag, kind, count, value in entries:
        if len(value) <= 4:
            out += struct.pack("<HHI", tag, kind, count) + value.ljust(4, b"\0")
        else:
            out += struct.pack("<HHII", tag, kind, count, offset + size + len(data))
            data += value + (b"\0" if len(value) % 2 else b"")
    return out + struct.pack("<I", 0) + data


def ifd0(exif_offset):
    make, model = ascii_value("Sanxiang"), ascii_value("SX-PHONE-2")
    return ifd([(0x010F, 2, len(make), make), (0x0110, 2, len(model), model),
                (0x0112, 3, 1, struct.pack("<H", 6)), (0x8769, 4, 1, struct.pack("<I", exif_offset))],
               8)


def main(src, dst):
    exif_offset = 8 + len(ifd0(0))
    original = ascii_value("2026:11:20 09:30:00")
    tiff = (b"II*\0" + struct.pack("<I", 8) + ifd0(exif_offset) +
            ifd([(0x9003, 2, len(original), original)], exif_offset))
    app1 = b"Exif\0\0" + tiff
    jpeg = open(src, "rb").read()
    assert jpeg[:2] == b"\xff\xd8", "not a JPEG"
    open(dst, "wb").write(jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
