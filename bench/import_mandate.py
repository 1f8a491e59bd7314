"""Benchmark: time to read a 25-page Security Council resolution, from text and from PDF.

Builds a fictional resolution of about 120 operative paragraphs (tests.mandates.resolutions),
renders it to PDF once with WeasyPrint, then times ``parse_resolution`` on the text and
``extract_pdf_text`` + ``parse_resolution`` on the PDF.  No database needed.
Usage: ``python bench/import_mandate.py [--paragraphs 120] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _median_ms(run: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from pypdf import PdfReader

    from mandates.parsing import extract_pdf_text, parse_resolution
    from tests.mandates.resolutions import as_pdf, as_text, long_resolution

    sample = long_resolution(args.paragraphs)
    text = as_text(sample)
    pdf = as_pdf(sample)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)

    parsed = parse_resolution(text)
    from_pdf = parse_resolution(extract_pdf_text(pdf))
    same = [(p.reference, p.text) for p in parsed.flat()] == [
        (p.reference, p.text) for p in from_pdf.flat()
    ]
    text_ms = _median_ms(lambda: parse_resolution(text), args.repeat)
    pdf_ms = _median_ms(lambda: parse_resolution(extract_pdf_text(pdf)), args.repeat)

    print(f"resolution: {sample.symbol}, {pages} PDF pages, {len(text):,} characters")
    print(
        f"paragraphs read: {len(parsed.paragraphs)} operative, {len(parsed.flat())} in all"
        f" (PDF path {'identical' if same else 'DIFFERS'})"
    )
    print(f"text path: {text_ms:8.1f} ms  (median of {args.repeat})")
    print(f"PDF path:  {pdf_ms:8.1f} ms  (median of {args.repeat}, pypdf extraction included)")


if __name__ == "__main__":
    main()
