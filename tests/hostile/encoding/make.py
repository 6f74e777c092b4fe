#!/usr/bin/env python3
"""Writes the encoding class's cases (run here: python3 make.py). Each file is scored
with tests/cli/support.rs's MINI rubric by tests/cli/hostile/encoding.rs."""

H = "Visit ID,Store,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n"


def w(name, b):
    with open(name, "wb") as fh:
        fh.write(b)


# A real Windows-1252 export: é, ü, ’ and € are single bytes.
w("windows-1252.csv", (H +
  "V1,Café Nord,2026-09-03,yes,5,yes,\n"
  "V2,Müller Süd,2026-09-10,no,3,no,\"Rushed, didn’t thank me\"\n"
  "V3,Café Nord,2026-09-12,yes,4,no,€5 off\n").encode("cp1252"))
# UTF-8 with one stray Windows-1252 byte (\xE9) in V2's store.
w("stray-byte.csv", H.encode() +
  "V1,Café Nord,2026-09-03,yes,5,yes,\n".encode() +
  b"V2,Caf\xE9 Nord,2026-09-10,yes,5,yes,\n" +
  "V3,Café Nord,2026-09-12,yes,4,yes,\n".encode())
# An overlong `/` (\xC0\xAF, two bad sequences) in a comment and a UTF-16 surrogate in
# WTF-8 (\xED\xA0\x80, three) in an id; nine accented letters as UTF-8 outnumber them.
w("overlong-and-surrogate.csv", H.encode() +
  "V1,Crème Brûlée,2026-09-03,yes,5,yes,\n".encode() +
  b"V2,Cr\xC3\xA8me Br\xC3\xBBl\xC3\xA9e,2026-09-10,no,3,no,a\xC0\xAFb\n" +
  b"V\xED\xA0\x803,Cr\xC3\xA8me Br\xC3\xBBl\xC3\xA9e,2026-09-12,yes,4,yes,\n")
# A bad byte on the second line of a quoted comment: the issue is on the record's first line (3).
w("quoted-multiline.csv", H.encode() +
  "V1,Café,2026-09-03,yes,5,yes,\n".encode() +
  b"V2,Caf\xC3\xA9,2026-09-10,no,3,no,\"first line\nsecond \x92line\"\n" +
  "V3,Café,2026-09-12,yes,4,yes,\n".encode())
# Five accented letters as UTF-8, three as Windows-1252 bytes: UTF-8, with two issues on V2.
w("mostly-utf8.csv", H.encode() +
  "V1,Café Nord,2026-09-03,yes,5,yes,Très bien\n".encode() +
  b"V2,Caf\xE9 Nord,2026-09-10,no,3,no,d\xE9j\xE0 vu\n" +
  "V3,Café Nord,2026-09-12,yes,4,yes,Été\n".encode())
# Four Windows-1252 bytes, one UTF-8 é: Windows-1252 throughout (the é reads as Ã©).
w("mostly-1252.csv", H.encode() +
  b"V1,Caf\xE9 Nord,2026-09-03,yes,5,yes,\n" +
  b"V2,M\xFCller,2026-09-10,no,3,no,d\xE9j\xE0\n" +
  "V3,Café Nord,2026-09-12,yes,4,yes,\n".encode())
# A bad byte in a header of a file that is UTF-8 (its stores say so).
w("header-bad-byte.csv", b"Visit ID,St\xF6re,Date,Q1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n" +
  "V1,Café,2026-09-03,yes,5,yes,\nV2,Crème,2026-09-04,yes,5,yes,\n".encode())
# Invisible characters in headers: NBSP, NUL, zero-width space, a BOM in the middle.
w("invisible-header.csv", ("Visit\u00a0ID,Store\0,\u200bDate,\ufeffQ1 Greeted,Q2 Smile,Q3 Thanks,Q3 comment\n"
  "V1,Leeds,2026-09-03,yes,5,yes,\n").encode())
# Not CSV text.
w("renamed-xlsx.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml" + bytes(range(256)))
w("renamed-gz.csv", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)))
w("renamed-pdf.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
w("renamed-xls.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
w("nul-padded.csv", (H + "V1,Leeds,2026-09-03,yes,5,yes,\n").encode() + bytes(4096))
# A blank line 1: empty, and a row of delimiters only (Excel's empty row).
w("blank-first-line.csv", ("\n" + H + "V1,Leeds,2026-09-03,yes,5,yes,\n").encode())
w("delimiters-first-line.csv", (",,,,,,\n" + H + "V1,Leeds,2026-09-03,yes,5,yes,\n").encode())
# A row that is not a visit (too few fields) with a stray byte: its row issue shows it escaped.
w("short-row-bad-byte.csv", H.encode() +
  "V1,Café Nord,2026-09-03,yes,5,yes,\n".encode() +
  b"V2,Caf\xE9 Nord,2026-09-10\n" +
  "V3,Café Nord,2026-09-12,yes,4,yes,\n".encode())
# UTF-32 (little-endian, with its byte-order mark): named, not read as UTF-16.
w("utf-32.csv", (H + "V1,Leeds,2026-09-03,yes,5,yes,\n").encode("utf-32"))
