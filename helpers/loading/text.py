"""Loading, bytes → text: a file's encoding, its text, and why a file cannot be read.

>>> detect_encoding("نص".encode("utf-16"))
'utf-16'
"""
from __future__ import annotations

import codecs
import os
import tarfile
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = (".txt",)
TABLE_SUFFIXES = (".csv", ".jsonl")
TEXT_COLUMNS = ("text", "body", "content", "article")
ID_COLUMNS = ("doc_id", "id")


class CorpusWarning(UserWarning):
    """A file was skipped while loading a corpus; the message names the file and why."""


class UnreadableFile(ValueError):
    """Raised by :func:`read_text` for a file that holds no usable text."""


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def detect_encoding(data: bytes, *, partial: bool = False) -> str:
    """The encoding of a text file's bytes (``partial=True``: its first bytes only).

    A byte-order mark decides first (UTF-8, UTF-16, UTF-32). Bytes that are valid
    UTF-8 are UTF-8. Anything else (Windows-1256, ISO-8859-6, …) is detected by
    charset-normalizer. Raises :class:`UnreadableFile` with the reason otherwise.

    >>> detect_encoding("قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا".encode("cp1256"))
    'cp1256'
    """
    if not data:
        raise UnreadableFile("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" in data:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:  # a prefix may end inside a character: only a whole file must end cleanly
        codecs.getincrementaldecoder("utf-8")().decode(data, final=not partial)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("undecodable: no text encoding fits these bytes")
    return best.encoding


def decode_bytes(data: bytes) -> str:
    """Decode the bytes of a text file with the encoding :func:`detect_encoding` finds.

    >>> decode_bytes("قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا".encode("cp1256"))
    'قال الوزير إن العلاقات بين البلدين تشهد تطورا إيجابيا'
    """
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as err:
        raise UnreadableFile(f"not valid {encoding} ({err.reason})") from err


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR line endings into LF; nothing else changes.

    >>> normalize_newlines("a\\r\\nb\\rc")
    'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: str | os.PathLike) -> str:
    """Read a text file the way real Arabic corpora need.

    UTF-8 with or without BOM, UTF-16/32 with BOM, and the legacy Windows-1256 and
    ISO-8859-6 encodings (detected by charset-normalizer). Line endings become LF;
    nothing else changes. Raises :class:`UnreadableFile` for an empty, binary or
    undecodable file.

    >>> read_text("data/raw/anadolu_saar_baku.txt")[:24]    # doctest: +SKIP
    'وزير خارجية إسرائيل من أ'
    """
    return _decode_text(Path(path).read_bytes())


def read_archive(path: str | os.PathLike, *, suffix: str = ".txt") -> dict[str, str]:
    """Every member of a tar archive (``.tar``, ``.tar.gz``, ``.tar.xz`` …) whose name ends with
    ``suffix``, decoded as :func:`read_text` decodes a file: member name → text.

    The archive is read in one pass, in its own order: a compressed stream cannot seek back, so
    taking members one by one (say, sorted by name) would decompress it again for each of them.
    A member that cannot be decoded raises :class:`UnreadableFile` naming it.

    >>> texts = read_archive("../shared/corpora/jawharafm.tar.xz")      # doctest: +SKIP
    >>> len(texts), sorted(texts)[0]                                    # doctest: +SKIP
    (10137, 'jawharafm/JA-culture-1-20170120.txt')
    """
    texts: dict[str, str] = {}
    with tarfile.open(path) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith(suffix):
                try:
                    texts[member.name] = _decode_text(tar.extractfile(member).read())  # type: ignore[union-attr]
                except UnreadableFile as err:
                    raise UnreadableFile(f"{path}:{member.name}: {err}") from None
    return texts


def _decode_text(data: bytes) -> str:
    """``normalize_newlines(decode_bytes(data))``, decoding plain UTF-8 (nearly every file) once.

    Bytes that are not empty, hold no NUL and no UTF-8 BOM, and decode as UTF-8 are exactly
    those :func:`detect_encoding` calls ``"utf-8"`` (the other BOMs are not valid UTF-8).
    """
    text = _plain_utf8(data)
    if text is not None:
        return normalize_newlines(text) if "\r" in text else text
    return normalize_newlines(decode_bytes(data))


def _plain_utf8(data: bytes) -> str | None:
    """``data.decode("utf-8")`` when :func:`detect_encoding` calls these bytes UTF-8, else ``None``."""
    if data and b"\x00" not in data and not data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None




def _unreadable_reason(err: BaseException) -> str:
    """Why a file could not be read, as ``skipped`` says it: ``No such file or directory``, ``empty file`` …"""
    return err.strerror if isinstance(err, OSError) and err.strerror else str(err)


def _blank_reason(text: str, empty: str = "empty file") -> str | None:
    """Why a text is skipped (``empty``: ``empty file``, or ``whitespace only``), or ``None`` if it
    holds words."""
    if text.strip():
        return None
    return empty if not text else "whitespace only"
