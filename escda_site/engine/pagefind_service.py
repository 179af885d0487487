"""Pagefind's index made in memory from pages given in a fixed order (`pagefind --service`).

Pagefind numbers the pages in the order it reads them, and its command line reads a
folder in the order the file system lists it (ext4 by a per-disk hash seed, tmpfs by
creation): the same pages staged on two disks gave indexes of different bytes. Its
service takes the pages one by one (`AddFile`), numbered in the order they are sent (here
sorted by path), and hands the index back in memory (`GetFiles`): no page is staged on
disk and Pagefind writes no file that would be read back.

The protocol is the one Pagefind's Node and Python clients speak (Pagefind 1.5,
`pagefind/src/service/`): each message a JSON object `{"message_id", "payload"}`, base64
encoded and followed by a comma, on standard input; answers the same way on standard
output, one per request, in order. Pagefind reads its input in a thread of its own, so
every request is written at once; its own Python client waits a tenth of a second per
answer. Pagefind exits when its input ends: it is closed once the last answer is read.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import tempfile
import threading
from collections.abc import Callable, Mapping
from pathlib import Path


class ServiceError(RuntimeError):
    """Pagefind's service refused a page or ended before answering."""


def _message(message_id: int, payload: dict) -> bytes:
    text = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
    return base64.b64encode(text.encode()) + b","


def _requests(documents: Mapping[str, str]) -> list[bytes]:
    """Every request of one index: a new index, each page by its path, then its files."""
    sent = [_message(0, {"type": "NewIndex", "config": None})]
    for rel in sorted(documents):
        # `file_path` relative: Pagefind makes the page's URL from it as from a folder.
        page = {"type": "AddFile", "index_id": 0, "file_path": rel, "url": None}
        page["file_contents"] = documents[rel]
        sent.append(_message(len(sent), page))
    sent.append(_message(len(sent), {"type": "GetFiles", "index_id": 0}))
    return sent


def index_files(
    binary: Path,
    documents: Mapping[str, str],
    on_start: Callable[[subprocess.Popen], None] | None = None,
) -> dict[str, bytes]:
    """The index Pagefind's `binary` makes of `documents` (HTML by path in the site),
    taken in the order of their paths: its files, by path in the bundle. `on_start` is
    given the running Pagefind (`escda serve` stops a run that a newer edit made void:
    killed, it ends its output and this raises ServiceError)."""
    requests = _requests(documents)
    last = len(requests) - 1
    with tempfile.TemporaryFile() as errors:
        proc = subprocess.Popen(
            [str(binary), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
        )
        assert proc.stdin is not None and proc.stdout is not None
        if on_start is not None:
            on_start(proc)

        def feed() -> None:
            # Pagefind ended early (a broken pipe): its answers and its errors say why.
            with contextlib.suppress(OSError):
                proc.stdin.writelines(requests)
                proc.stdin.flush()

        writer = threading.Thread(target=feed, name="escda-pagefind-feed", daemon=True)
        writer.start()
        try:
            files = _answers(proc.stdout, last)
        finally:
            writer.join()
            with contextlib.suppress(OSError):  # a broken pipe: Pagefind is gone already
                proc.stdin.close()  # Pagefind exits at the end of its input
            proc.wait()
            proc.stdout.close()
        if files is None:
            errors.seek(0)
            why = errors.read().decode(errors="replace").strip().splitlines()[-1:]
            ended = f"exit {proc.returncode}"
            raise ServiceError(f"Pagefind ended before answering: {(why or [ended])[0]}")
    return files


def _answers(stdout, last: int) -> dict[str, bytes] | None:
    """Read Pagefind's answers until the one to request `last` (the index's files); None if
    its output ends first. An answer that is an error raises ServiceError."""
    pending = bytearray()
    while True:
        chunk = stdout.read1(1 << 20)
        if not chunk:
            return None
        # Only the new bytes are searched: the last answer (the index, megabytes of base64)
        # comes in a hundred reads; scanning all that came before at each cost 0.1 s.
        start = len(pending)
        pending += chunk
        begin, end = 0, pending.find(b",", start)
        while end >= 0:
            answer = json.loads(base64.b64decode(pending[begin:end]))
            payload = answer.get("payload", {})
            if payload.get("type") == "Error":
                raise ServiceError(f"Pagefind: {payload.get('message', 'an unknown error')}")
            if answer.get("message_id") == last and payload.get("type") == "GetFiles":
                return {f["path"]: base64.b64decode(f["content"]) for f in payload["files"]}
            begin, end = end + 1, pending.find(b",", end + 1)
        del pending[:begin]
