"""Fictional Security Council resolutions in the official layout, as text and as PDF.

Each sample is a list of page bodies; ``as_text`` adds the furniture a text extraction of the
official PDF carries (first-page heading block, running symbol, page numbers, document code,
barcode), ``as_pdf`` renders the same pages with WeasyPrint, the furniture in @page margin boxes.
``{fn1}`` marks a footnote reference: glued digits in text, a superscript in the PDF.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_FOOTNOTE_MARK = re.compile(r"\{fn(\d+)\}")


@dataclass(frozen=True)
class Sample:
    symbol: str
    heading: str  # how the heading line is printed, e.g. "Resolution 2729 (2024)"
    date: str
    doc_code: str
    pages: list[str]


def _heading_block(sample: Sample) -> str:
    return (
        f"United Nations                                              {sample.symbol}\n"
        "Security Council                                            Distr.: General\n"
        f"                                                            {sample.date}\n\n"
        f"{sample.heading}\n\n"
    )


def as_text(sample: Sample) -> str:
    """The text as pdftotext would give it: furniture inline, no form feeds."""
    total = len(sample.pages)
    code = sample.doc_code
    out = []
    for number, body in enumerate(sample.pages, start=1):
        body = _FOOTNOTE_MARK.sub(r"\1", body)
        if number == 1:
            barcode = "*" + code.replace("-", "") + "*"
            out.append(f"{_heading_block(sample)}{body}\n{code} (E)    020524\n{barcode}\n")
        elif number % 2 == 0:
            out.append(f"{sample.symbol}\n\n{body}\n{number}/{total}{' ' * 50}{code}\n")
        else:
            out.append(f"{' ' * 60}{sample.symbol}\n\n{body}\n{code}{' ' * 50}{number}/{total}\n")
    return "\n".join(out)


def as_html(sample: Sample) -> str:
    pages = []
    for number, body in enumerate(sample.pages, start=1):
        text = html.escape(body)
        text = _FOOTNOTE_MARK.sub(r"<sup>\1</sup>", text)
        if number == 1:
            text = html.escape(_heading_block(sample)) + text
        css_class = ' class="break"' if number > 1 else ""
        pages.append(f"<pre{css_class}>{text}</pre>")
    return f"""<!doctype html><html><head><meta charset="utf-8"><style>
@page {{ size: A4; margin: 2cm 1.8cm;
  @top-right {{ content: "{sample.symbol}"; font-size: 9pt }}
  @bottom-left {{ content: "{sample.doc_code}"; font-size: 8pt }}
  @bottom-right {{ content: counter(page) "/" counter(pages); font-size: 8pt }} }}
@page :first {{ @top-right {{ content: none }} }}
pre {{ font-family: monospace; font-size: 8.5pt; margin: 0; white-space: pre }}
pre.break {{ page-break-before: always }}
</style></head><body>{"".join(pages)}</body></html>"""


def as_pdf(sample: Sample) -> bytes:
    from weasyprint import HTML

    return HTML(string=as_html(sample)).write_pdf()


_PAGE_1 = """Adopted by the Security Council at its 9620th meeting, on 30 April 2024

      The Security Council,

      Recalling its previous resolutions and statements of its President on the
situation in Valdoria, in particular resolutions 2650 (2022) and 2709 (2023),

      Reaffirming its strong commitment to the sovereignty, independence, unity
and territorial integrity of Valdoria,

      Welcoming the signing of the Peace and Reconciliation Agreement{fn1}, and
stressing the importance of its full and timely implementation by all parties,

      Taking note of the report of the Secretary-General of 22 March 2024
(S/2024/245),

      Determining that the situation in Valdoria continues to constitute a threat
to international peace and security in the region,

      Acting under Chapter VII of the Charter of the United Nations,

      1.    Decides to extend the mandate of the United Nations Integrated Mission
in Valdoria (UNIMVAL) until 30 April 2025;

      2.    Decides that the strategic priority of UNIMVAL is to support the
implementation of the Agreement and the political transition, with a view to
the protection of civilians and the restoration of State authority;

______________
      1  S/2023/880, annex."""

_PAGE_2 = """      3.    Decides that the mandate of UNIMVAL shall include the following
priority tasks:

      (a)   Protection of civilians:

      (i)   To ensure the protection of civilians under threat of physical
violence, within its capabilities and areas of deployment;

      (ii)  To deter and prevent attacks against civilians, including through a
proactive and robust posture and early warning;

      (b)   Support to the political process:

      (i)   To exercise good offices in support of the dialogue among the
parties;

      (ii)  To support the preparation of inclusive elections, with the full,
equal and meaningful participation of women;

      (iii) To support the national reconciliation commission;

      (iv)  To monitor and report on the ceasefire;

      4.    Requests UNIMVAL, within existing resources, to carry out the
following additional tasks:

      (a)   To support security sector reform;

      (b)   To support disarmament, demobilization and reintegration;

      (c)   To monitor human rights violations and abuses;

      (d)   To support the fight against impunity;

      (e)   To support mine action;

      (f)   To support the extension of State authority;

      (g)   To facilitate humanitarian access;

      (h)   To support the protection of children in armed conflict;

      (i)   To support the prevention of conflict-related sexual violence;

      (j)   To coordinate with the United Nations country team;

      5.    Requests the Secretary-General to ensure that UNIMVAL has the
capacities it needs, including air assets and enablers, and to continue the"""

_PAGE_3 = """progressive deployment of its formed police units to the western provinces,
as recommended in his report;

      6.    Recalls paragraphs 7
to 9 of resolution 2709 (2023), and urges the parties to implement the
security arrangements as set out in paragraph 3
(a) of resolution 2709 (2023), without further delay;

      7.    Requests the Secretary-General to report to the Council every 90
days on the implementation of this resolution;

      8.    Decides to remain seized of the matter."""

RES_2729 = Sample(
    symbol="S/RES/2729 (2024)",
    heading="Resolution 2729 (2024)",
    date="30 April 2024",
    doc_code="24-11873",
    pages=[_PAGE_1, _PAGE_2, _PAGE_3],
)

# Every reference in RES_2729, in document order, with its depth.
RES_2729_TREE = [
    ("1", 0),
    ("2", 0),
    ("3", 0),
    ("3 (a)", 1),
    ("3 (a) (i)", 2),
    ("3 (a) (ii)", 2),
    ("3 (b)", 1),
    ("3 (b) (i)", 2),
    ("3 (b) (ii)", 2),
    ("3 (b) (iii)", 2),
    ("3 (b) (iv)", 2),
    ("4", 0),
    *[(f"4 ({letter})", 1) for letter in "abcdefghij"],
    ("5", 0),
    ("6", 0),
    ("7", 0),
    ("8", 0),
]

# A renewal with a heading printed without the space, no Chapter VII, and a one-year period.
_RENEWAL_PAGE_1 = """Adopted by the Security Council at its 9741st meeting, on 29 October 2024

      The Security Council,

      Recalling its resolutions 2650 (2022), 2709 (2023) and 2729 (2024),

      Expressing its concern at the humanitarian situation in the eastern
provinces,

      1.    Decides to renew the mandate of UNIMVAL for a period of one year,
until 31 October 2025;

      2.    Requests UNIMVAL to carry out the following tasks:

      (a)   To support the electoral process, including:

      (i)   logistics for the voter registration;

      (ii)  the security of polling stations;

      (b)   To support confidence-building measures among the communities in
the east, in line with the peace-"""

_RENEWAL_PAGE_2 = """keeping principles;

      3.    Decides to remain seized of the matter."""

RES_2741 = Sample(
    symbol="S/RES/2741(2024)",
    heading="Resolution 2741(2024)",
    date="29 October 2024",
    doc_code="24-19920",
    pages=[_RENEWAL_PAGE_1, _RENEWAL_PAGE_2],
)


def long_resolution(paragraphs: int = 120, lines_per_page: int = 48) -> Sample:
    """A resolution of about ``paragraphs`` operative paragraphs, for the benchmark.

    Repeats the operative paragraphs of RES_2729, renumbered, and paginates them so that
    paragraphs break across pages as in the official layout.
    """
    preamble, _, _ = as_text_body(RES_2729).partition("      1.    Decides")
    body = "\n".join(page for page in RES_2729.pages)
    body = body.replace("______________\n      1  S/2023/880, annex.", "")
    operative = "      1.    Decides" + body.split("      1.    Decides", 1)[1]
    operative = operative.rsplit("      8.    Decides to remain seized", 1)[0]
    blocks = re.split(r"\n(?=      \d+\.    )", operative.strip("\n"))
    lines = preamble.splitlines()
    number = 0
    while number < paragraphs - 1:
        for block in blocks:
            if number >= paragraphs - 1:
                break
            number += 1
            renumbered = re.sub(r"^      \d+\.", f"      {number}.", block, count=1)
            lines.extend([*renumbered.splitlines(), ""])
    lines.append(f"      {number + 1}.    Decides to remain seized of the matter.")
    lines.extend(["______________", "      1  S/2023/880, annex."])
    pages = ["\n".join(lines[i : i + lines_per_page]) for i in range(0, len(lines), lines_per_page)]
    return Sample(
        symbol="S/RES/2799 (2025)",
        heading="Resolution 2799 (2025)",
        date="30 April 2025",
        doc_code="25-10001",
        pages=pages,
    )


def as_text_body(sample: Sample) -> str:
    return "\n".join(sample.pages)


# The renewal of RES_2729 a year on, for the renewal diff. Against RES_2729: a new paragraph 3
# renumbers everything after it (old 3 is 4, old 4 is 5, ...); 4 (e) "mine action" is dropped,
# so the letters after it shift; 3 (b) (ii) is reworded materially; paragraph 1 carries the new
# end date (a small rewording); the rest is word for word.
_RENEWED_PAGE_1 = """Adopted by the Security Council at its 9901st meeting, on 29 April 2025

      The Security Council,

      Recalling its previous resolutions on the situation in Valdoria, in
particular resolutions 2709 (2023) and 2729 (2024),

      Acting under Chapter VII of the Charter of the United Nations,

      1.    Decides to extend the mandate of the United Nations Integrated Mission
in Valdoria (UNIMVAL) until 30 April 2026;

      2.    Decides that the strategic priority of UNIMVAL is to support the
implementation of the Agreement and the political transition, with a view to
the protection of civilians and the restoration of State authority;

      3.    Requests UNIMVAL to support the national water authority in
rebuilding irrigation networks damaged in the floods of early 2025;

      4.    Decides that the mandate of UNIMVAL shall include the following
priority tasks:

      (a)   Protection of civilians:

      (i)   To ensure the protection of civilians under threat of physical
violence, within its capabilities and areas of deployment;

      (ii)  To deter and prevent attacks against civilians, including through a
proactive and robust posture and early warning;"""

_RENEWED_PAGE_2 = """      (b)   Support to the political process:

      (i)   To exercise good offices in support of the dialogue among the
parties;

      (ii)  To support the preparation and the peaceful conduct of inclusive and
credible elections, with the full, equal and meaningful participation of women
and young people;

      (iii) To support the national reconciliation commission;

      (iv)  To monitor and report on the ceasefire;

      5.    Requests UNIMVAL, within existing resources, to carry out the
following additional tasks:

      (a)   To support security sector reform;

      (b)   To support disarmament, demobilization and reintegration;

      (c)   To monitor human rights violations and abuses;

      (d)   To support the fight against impunity;

      (e)   To support the extension of State authority;

      (f)   To facilitate humanitarian access;

      (g)   To support the protection of children in armed conflict;

      (h)   To support the prevention of conflict-related sexual violence;

      (i)   To coordinate with the United Nations country team;

      6.    Requests the Secretary-General to ensure that UNIMVAL has the
capacities it needs, including air assets and enablers, and to continue the
progressive deployment of its formed police units to the western provinces,
as recommended in his report;

      7.    Recalls paragraphs 7
to 9 of resolution 2709 (2023), and urges the parties to implement the
security arrangements as set out in paragraph 3
(a) of resolution 2709 (2023), without further delay;

      8.    Requests the Secretary-General to report to the Council every 90
days on the implementation of this resolution;

      9.    Decides to remain seized of the matter."""

RES_2775 = Sample(
    symbol="S/RES/2775 (2025)",
    heading="Resolution 2775 (2025)",
    date="29 April 2025",
    doc_code="25-06114",
    pages=[_RENEWED_PAGE_1, _RENEWED_PAGE_2],
)
