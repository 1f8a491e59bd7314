"""Reading an uploaded PDF in a child process that stops at page, time and memory caps.

A hostile PDF (99,000 pages, deep object trees) can take minutes and gigabytes in pypdf. The
child gets an address-space and CPU limit (``resource.setrlimit``) and a wall-clock timeout, so
such a file fails its own job and never takes the worker down. The page count is read first,
from the page tree's ``/Count``, before any text is extracted.

Plain Python, no Django: the worker runs ``python -m mandates.pdf_reading MAX_PAGES`` with the
PDF on stdin and reads one JSON object from stdout.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: int


class PdfRefused(Exception):
    """Reading stopped; ``code`` is an ``ImportJobError`` value."""

    def __init__(self, code: str, *, pages: int | None = None, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.pages, self.detail = code, pages, detail


def read_pdf_capped(data: bytes, *, max_pages: int, seconds: int, memory_mb: int) -> PdfText:
    """The PDF's text, as ``parsing.extract_pdf_text`` gives it, or PdfRefused saying why."""
    memory = memory_mb * 1024 * 1024

    def limit() -> None:  # in the child, before it runs Python
        os.nice(10)  # the web and the worker's other tasks come first on a shared machine
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds + 1, seconds + 2))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "mandates.pdf_reading", str(max_pages)],
            input=data,
            capture_output=True,
            timeout=seconds,
            preexec_fn=limit,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise PdfRefused("time") from None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL) and b"MemoryError" not in done.stderr:
        raise PdfRefused("time")
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        if b"MemoryError" in done.stderr or done.returncode == -signal.SIGSEGV:
            raise PdfRefused("memory") from None
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise PdfRefused("unreadable", detail=" ".join(tail)[:300]) from None
    if "error" in answer:
        raise PdfRefused(
            answer["error"], pages=answer.get("pages"), detail=answer.get("detail", "")
        )
    return PdfText(text=answer["text"], pages=answer["pages"])


def _child(max_pages: int) -> dict[str, object]:
    import io

    from pypdf import PdfReader

    try:
        try:
            reader = PdfReader(io.BytesIO(sys.stdin.buffer.read()))
            # The page tree's /Count, read before pypdf walks the tree (which takes seconds
            # per thousand pages); the walk then tells a /Count that lies.
            declared = int(reader.root_object["/Pages"].get_object()["/Count"])
            if declared > max_pages:
                return {"error": "pages", "pages": declared}
            pages = len(reader.pages)
        except MemoryError:
            raise
        except Exception as exc:  # pypdf raises assorted exception types on malformed files
            return {"error": "unreadable", "detail": f"{type(exc).__name__}: {exc}"[:300]}
        if pages > max_pages:
            return {"error": "pages", "pages": pages}
        try:
            texts = [page.extract_text() or "" for page in reader.pages]
        except MemoryError:
            raise
        except Exception as exc:
            return {"error": "unreadable", "pages": pages, "detail": str(exc)[:300]}
    except MemoryError:
        return {"error": "memory"}
    if not any(text.strip() for text in texts):
        return {"error": "unreadable", "pages": pages, "detail": "no text"}
    # As parsing.extract_pdf_text joins them: the parser reads form feeds as page breaks.
    return {"text": "\f".join(texts), "pages": pages}


if __name__ == "__main__":
    sys.stdout.write(json.dumps(_child(int(sys.argv[1]))))
