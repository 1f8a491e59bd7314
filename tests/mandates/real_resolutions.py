"""Security Council resolutions in their published wording, laid out as the official PDF is.

The wording is quoted from published copies of the resolutions (each one's sources are listed
with it). Those copies do not all give a resolution in full, so each fixture is ABRIDGED: it keeps
the preambular and operative paragraphs, list items and bullets the sources print word for word,
in their order, leaves the others out, and numbers and letters what is kept consecutively (so a
reference such as ``3 (a) (ii)`` is the fixture's, not the original's). Every kept sentence is
complete; anything not verbatim is named in a comment beside it (a footnote added to exercise
the footnote path, a document code or meeting number that the sources did not give).

Each fixture is written once as structured blocks (``P`` preamble, ``N`` numbered, ``A``
lettered, ``R`` roman, ``D`` dash bullet, ``B`` unnumbered text under a heading) and rendered:

- ``as_extracted_text``: the text pypdf (or a copy from a PDF viewer) gives for the official PDF:
  masthead ``United Nations S/RES/...``/``Distr.: General``/document code and barcode, heading,
  adoption line, then body lines about 90 characters wide, paragraphs split across pages, running
  symbol at the top of later pages, ``18-10687 3/8`` footers, footnote numbers glued to the word
  they follow and the notes at the page foot without their (drawn) rule, words split at line
  ends with a hyphen and compounds broken at their own hyphen; optionally the italic lead words
  on lines of their own and the masthead ``S`` lost, as some extractions give them;
- ``as_pdf``: a typeset PDF (WeasyPrint): Times-metric serif, justified, automatic hyphenation,
  italic lead words, hanging numbers, footnotes at the page foot under a drawn rule, running
  headers and footers alternating sides as in the official layout.

``expected`` gives every paragraph's reference and exact text, as the parser should read them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import date

from mandates.parsing import HEADING_GAP

_FOOTNOTE = re.compile(r"\{fn:([^}]*)\}")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Block:
    kind: str  # P, N, A, R, D, B
    label: str
    text: str
    lead: str = ""


def P(lead: str, rest: str) -> Block:
    return Block("P", "", rest, lead)


def N(number: int, lead: str, rest: str) -> Block:
    return Block("N", str(number), rest, lead)


def A(label: str, text: str) -> Block:
    return Block("A", label, text)


def R(label: str, text: str) -> Block:
    return Block("R", label, text)


def D(text: str) -> Block:
    return Block("D", "", text)


def B(text: str) -> Block:
    return Block("B", "", text)


@dataclass(frozen=True)
class Resolution:
    number: int
    year: int
    adopted: date
    meeting: str | None  # "8298th"; None for a resolution adopted by written procedure
    job: str  # document code, e.g. 18-10687
    blocks: tuple[Block, ...]
    sources: tuple[str, ...]
    # Words the text layout splits with a hyphen when they reach a line end ("*": any word of
    # nine letters or more, as a hyphenating typesetter would).
    hyphenate: frozenset[str] = field(default_factory=frozenset)

    @property
    def symbol(self) -> str:
        return f"S/RES/{self.number} ({self.year})"

    @property
    def heading(self) -> str:
        return f"Resolution {self.number} ({self.year})"

    @property
    def date_text(self) -> str:
        return f"{self.adopted.day} {_MONTHS[self.adopted.month - 1]} {self.adopted.year}"

    @property
    def adoption_line(self) -> str:
        at = f"at its {self.meeting} meeting, " if self.meeting else ""
        return f"Adopted by the Security Council {at}on {self.date_text}"

    @property
    def barcode(self) -> str:
        return "*" + self.job.replace("-", "") + "*"

    def notes(self) -> list[str]:
        return [m.group(1) for b in self.blocks for m in _FOOTNOTE.finditer(b.text + b.lead)]


# --- Expected reading -------------------------------------------------------------------------


def _plain(text: str) -> str:
    return _FOOTNOTE.sub("", text)


def expected(res: Resolution) -> list[tuple[str, str]]:
    """(reference, text) of every operative paragraph, in document order."""
    out: list[list[str]] = []  # [reference, text]
    number, letter = "", ""
    for block in res.blocks:
        text = _plain(block.text)
        if block.kind == "N":
            number, letter = block.label, ""
            out.append([number, f"{block.lead} {text}"])
        elif block.kind == "A":
            letter = f"({block.label})"
            out.append([f"{number} {letter}", text])
        elif block.kind == "R":
            out.append([f"{number} {letter} ({block.label})".replace("  ", " "), text])
        elif block.kind == "D":
            out[-1][1] += f" \u2013 {text}"
        elif block.kind == "B":
            out[-1][1] += f"{HEADING_GAP}{text}"
    return [(ref, text) for ref, text in out]


def expected_preamble(res: Resolution) -> list[str]:
    return ["The Security Council,"] + [
        f"{b.lead} {_plain(b.text)}" for b in res.blocks if b.kind == "P"
    ]


# --- Text as extracted from the official PDF -------------------------------------------------

WIDTH = 90
INDENT = 8
FIRST_PAGE_LINES = 26
PAGE_LINES = 40


def _hyphen_points(word: str) -> list[int]:
    import pyphen

    return pyphen.Pyphen(lang="en_US").positions(word)


def _wrap(text: str, res: Resolution, first_width: int) -> list[str]:
    """Greedy wrap; a word that does not fit may break after its own hyphen, or be split with a
    hyphen where the fixture says so."""
    lines: list[str] = []
    line = ""
    width = first_width
    words = text.split()
    while words:
        word = words.pop(0)
        candidate = f"{line} {word}" if line else word
        if len(candidate) <= width:
            line = candidate
            continue
        room = width - len(line) - (1 if line else 0)
        head = tail = ""
        if "-" in word[:-1]:
            cut = word.rfind("-", 0, room)
            if cut > 0:
                head, tail = word[: cut + 1], word[cut + 1 :]
        bare = re.sub(r"\W+$", "", word)
        splits = bare in res.hyphenate or ("*" in res.hyphenate and len(bare) >= 9)
        if not head and bare.isalpha() and splits:
            fits = [p for p in _hyphen_points(bare) if p + 1 <= room]
            if fits:
                head, tail = f"{word[: fits[-1]]}-", word[fits[-1] :]
        if head:
            lines.append(f"{line} {head}" if line else head)
            words.insert(0, tail)
        else:
            lines.append(line)
            words.insert(0, word)
        line, width = "", WIDTH
    if line:
        lines.append(line)
    return lines


def _glue_footnotes(text: str, counter: list[int], notes: dict[int, str]) -> str:
    def glue(match: re.Match[str]) -> str:
        counter[0] += 1
        notes[counter[0]] = match.group(1)
        return f"\x00{counter[0]}\x00"

    return _FOOTNOTE.sub(glue, text)


def _body(res: Resolution, lead_on_own_line: bool) -> tuple[list[str], dict[int, str]]:
    """Body lines with footnote calls as \\x00N\\x00, and the notes by number."""
    counter, notes = [0], {}
    lines = ["The Security Council,"]
    for block in res.blocks:
        text = _glue_footnotes(block.text, counter, notes)
        if block.kind == "P":
            if lead_on_own_line:
                lines += [block.lead, *_wrap(text, res, WIDTH - INDENT - len(block.lead))]
            else:
                lines += _wrap(f"{block.lead} {text}", res, WIDTH - INDENT)
        elif block.kind == "N":
            if lead_on_own_line:
                lines += [f"{block.label}.", block.lead, *_wrap(text, res, WIDTH - INDENT - 20)]
            else:
                lines += _wrap(f"{block.label}. {block.lead} {text}", res, WIDTH - INDENT)
        elif block.kind in "AR":
            lines += _wrap(f"({block.label}) {text}", res, WIDTH - INDENT)
        elif block.kind == "D":
            lines += _wrap(f"\u2013 {text}", res, WIDTH - INDENT)
        else:
            lines += _wrap(text, res, WIDTH - INDENT)
    return lines, notes


def as_extracted_text(
    res: Resolution,
    *,
    form_feeds: bool = False,
    lead_on_own_line: bool = False,
    trailing_space: bool = False,
    masthead_s_lost: bool = False,
) -> str:
    """The text of the official PDF as an extraction gives it; see the module docstring."""
    body, notes = _body(res, lead_on_own_line)
    pages = [body[:FIRST_PAGE_LINES]]
    rest = body[FIRST_PAGE_LINES:]
    while rest:
        pages.append(rest[:PAGE_LINES])
        rest = rest[PAGE_LINES:]
    total = len(pages)
    symbol = res.symbol.replace("S/RES", "/RES") if masthead_s_lost else res.symbol
    adoption = res.adoption_line
    if lead_on_own_line:  # the extraction that splits lead words also wraps the adoption line
        adoption = adoption.replace(f" on {res.date_text}", f" on\n{res.date_text}")
    out: list[str] = []
    for number, lines in enumerate(pages, start=1):
        called = [int(n) for line in lines for n in re.findall(r"\x00(\d+)\x00", line)]
        page_notes = [f"{n} {notes[n]}" for n in called]
        lines = [re.sub(r"\x00(\d+)\x00", r"\1", line) for line in lines]
        if number == 1:
            stamp = res.adopted.strftime("%d%m%y")
            head = [
                f"United Nations {symbol}",
                f"Security Council Distr.: General\n{res.date_text}",
                f"{res.job} (E)",
                res.barcode,
                res.heading,
                adoption,
            ]
            page = [*head, *lines, *page_notes, f"{res.job} (E) {stamp}"]
        elif number % 2 == 0:
            page = [res.symbol, *lines, *page_notes, f"{number}/{total} {res.job}"]
        else:
            page = [res.symbol, *lines, *page_notes, f"{res.job} {number}/{total}"]
        end = " \n" if trailing_space else "\n"
        out.append(end.join(page))
    return ("\f" if form_feeds else "\n").join(out)


# --- The official layout as a typeset PDF ----------------------------------------------------

_CSS = """
@page {{ size: A4; margin: 2.4cm 2.2cm 2.6cm 2.2cm;
  @footnote {{ border-top: 0.6pt solid black; padding-top: 4pt; margin-top: 8pt }} }}
@page :left {{
  @top-left {{ content: "{symbol}"; font: 10pt 'Liberation Serif' }}
  @bottom-left {{ content: counter(page) "/" counter(pages); font: 8pt 'Liberation Sans' }}
  @bottom-right {{ content: "{job}"; font: 8pt 'Liberation Sans' }} }}
@page :right {{
  @top-right {{ content: "{symbol}"; font: 10pt 'Liberation Serif' }}
  @bottom-left {{ content: "{job}"; font: 8pt 'Liberation Sans' }}
  @bottom-right {{ content: counter(page) "/" counter(pages); font: 8pt 'Liberation Sans' }} }}
@page :first {{
  @top-right {{ content: none }}
  @bottom-left {{ content: "{job} (E)"; font: 8pt 'Liberation Sans' }}
  @bottom-right {{ content: "{barcode}"; font: 10pt 'Liberation Mono' }} }}
body {{ font: 12pt/1.25 'Liberation Serif'; text-align: justify; hyphens: auto }}
table.mast {{ width: 100%; border-bottom: 1.5pt solid black; margin-bottom: 18pt }}
table.mast td {{ font: 11pt 'Liberation Sans'; vertical-align: top }}
table.mast td.sym {{ text-align: right; font-size: 14pt }}
h1 {{ font: bold 14pt 'Liberation Serif'; margin: 12pt 0 2pt }}
p {{ margin: 0 0 6pt }}
p.adopted {{ margin-bottom: 14pt }}
p.pre, p.body {{ text-indent: 1.27cm }}
p.num {{ text-indent: 1.27cm }}
p.num span.n {{ display: inline-block; width: 1.0cm; text-indent: 0 }}
p.l1 {{ margin-left: 1.27cm }}
p.l2 {{ margin-left: 2.0cm }}
p.dash {{ margin-left: 2.6cm; text-indent: -0.6cm }}
span.fn {{ float: footnote; font-size: 9pt; text-align: left; hyphens: none }}
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 8pt;
  line-height: 0 }}
span.fn::footnote-marker {{ content: counter(footnote) "   " }}
"""


def _inline(text: str) -> str:
    out = html.escape(text, quote=False)
    return _FOOTNOTE.sub(lambda m: f'<span class="fn">{m.group(1)}</span>', out)


def as_html(res: Resolution) -> str:
    parts = [
        '<table class="mast"><tr><td>United Nations</td>'
        f'<td class="sym">{res.symbol}</td></tr>'
        "<tr><td>Security Council</td>"
        f"<td>Distr.: General<br>{res.date_text}</td></tr></table>",
        f"<h1>{res.heading}</h1>",
        f'<p class="adopted">{res.adoption_line}</p>',
        '<p class="pre">The Security Council,</p>',
    ]
    for block in res.blocks:
        text = _inline(block.text)
        lead = f"<i>{html.escape(block.lead)}</i>"
        if block.kind == "P":
            parts.append(f'<p class="pre">{lead} {text}</p>')
        elif block.kind == "N":
            parts.append(f'<p class="num"><span class="n">{block.label}.</span>{lead} {text}</p>')
        elif block.kind == "A":
            parts.append(f'<p class="l1">({block.label})&#8195;{text}</p>')
        elif block.kind == "R":
            parts.append(f'<p class="l2">({block.label})&#8195;{text}</p>')
        elif block.kind == "D":
            parts.append(f'<p class="dash">\u2013&#8195;{text}</p>')
        else:
            parts.append(f'<p class="body">{text}</p>')
    css = _CSS.format(symbol=res.symbol, job=res.job, barcode=res.barcode)
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><style>{css}</style>'
        f"</head><body>{''.join(parts)}</body></html>"
    )


def as_pdf(res: Resolution) -> bytes:
    from weasyprint import HTML

    return HTML(string=as_html(res)).write_pdf()


# --- The resolutions ---------------------------------------------------------------------------

_CAR_SOVEREIGNTY = P(
    "Reaffirming",
    "its strong commitment to the sovereignty, independence, unity and territorial integrity "
    "of the CAR, and recalling the importance of the principles of non-interference, "
    "good-neighbourliness and regional cooperation,",
)
_CAR_THREAT = P(
    "Determining",
    "that the situation in the Central African Republic continues to constitute a threat to "
    "international peace and security,",
)
_CHAPTER_VII = P("Acting", "under Chapter VII of the Charter of the United Nations,")
_REMAIN_SEIZED = "to remain actively seized of the matter."

# MINUSCA, renewal of November 2017. Priority tasks as on the mission's mandate page for this
# resolution, confirmed item by item (42 (a) (iii), (b) (ii)) by PeaceWomen's extracts; (b) is
# kept to the two items both give in full. Preamble: the two paragraphs every MINUSCA resolution
# of 2017-2019 carries word for word, with "Determining" and "Acting". Operative paragraph 1 in
# the series' wording ("Decides to extend the mandate of MINUSCA until ...", as resolution 2499
# (2019) has it); the end date is the press release's. Document code not given by the sources.
RES_2387 = Resolution(
    number=2387,
    year=2017,
    adopted=date(2017, 11, 15),
    meeting="8102nd",
    job="17-20351",
    sources=(
        "https://press.un.org/en/2017/sc13068.doc.htm",
        "https://minusca.unmissions.org/en/mandate (version for resolution 2387 (2017))",
        "https://www.peacewomen.org/ (Security Council Resolution 2387: Para.42)",
    ),
    hyphenate=frozenset({"consultation", "organizations", "participation"}),
    blocks=(
        _CAR_SOVEREIGNTY,
        _CAR_THREAT,
        _CHAPTER_VII,
        N(1, "Decides", "to extend the mandate of MINUSCA until 15 November 2018;"),
        N(2, "Decides", "that the mandate of MINUSCA shall include the following priority tasks:"),
        A("a", "Protection of civilians"),
        R(
            "i",
            "To protect, without prejudice to the primary responsibility of the CAR Authorities "
            "and the basic principles of peacekeeping in line with S/PRST/2015/22, the civilian "
            "population under threat of physical violence;",
        ),
        R(
            "ii",
            "In support of CAR Authorities, to take active steps to anticipate, deter and "
            "effectively respond to serious and credible threats to the civilian population and, "
            "in this regard, to enhance early warning, while maintaining a proactive deployment "
            "and a mobile, flexible and robust posture, as well as conducting active patrolling, "
            "in particular in high risks areas;",
        ),
        R(
            "iii",
            "To provide specific protection for women and children affected by armed conflict, "
            "including through the deployment of Child Protection Advisers, Women Protection "
            "Advisers and Gender Advisers;",
        ),
        R(
            "iv",
            "To identify and report threats to and attacks against civilians and implement "
            "prevention and response plans and strengthen civil-military cooperation;",
        ),
        R(
            "v",
            "To fully implement and deliver, in close consultation with humanitarian and human "
            "rights organizations and other relevant partners, the mission-wide protection of "
            "civilians strategy;",
        ),
        A(
            "b",
            "Good offices and support to the peace process, including national reconciliation, "
            "social cohesion and transitional justice",
        ),
        R(
            "i",
            "To enhance support for inclusive political dialogue, under the leadership of the "
            "Government of the CAR, and in partnership with the African Initiative for Peace and "
            "Reconciliation in the CAR;",
        ),
        R(
            "ii",
            "To assist the CAR authorities\u2019 efforts, at national and local levels, for an "
            "increased participation of political parties, civil society, and women to the peace "
            "process, in cooperation with the African Initiative and other mediation actors;",
        ),
        N(3, "Decides", _REMAIN_SEIZED),
    ),
)

# MINUSCA, renewal of December 2018. Preamble: the first four paragraphs as reproduced in full
# by Law Global Hub (the fourth cut off in the copy after "in all parts of the cou", completed
# "country,") and paragraphs 7-9 and 14 as PeaceWomen extracts them. The footnote on resolution
# 2436 (2018) is added to exercise footnotes. Operative: the extension as the press release
# gives it; the strategic objective as CGTN quotes it; the protection of civilians tasks as on
# the mission's mandate page for this resolution ((iv) is cut off there and left out). Document
# code not given by the sources.
RES_2448 = Resolution(
    number=2448,
    year=2018,
    adopted=date(2018, 12, 13),
    meeting="8422nd",
    job="18-21893",
    sources=(
        "https://press.un.org/en/2018/sc13619",
        "https://lawglobalhub.com/united-nations-security-council-resolution-2448-the-situation-"
        "in-the-central-african-republic",
        "http://peacewomen.org/node/103436",
        "https://africa.cgtn.com/security-council-renews-mandate-of-un-peacekeeping-mission-in-car",
        "https://minusca.unmissions.org/en/mandate (version for resolution 2448 (2018))",
    ),
    hyphenate=frozenset({"*"}),
    blocks=(
        P(
            "Recalling",
            "its previous resolutions and statements on the Central African Republic (CAR), in "
            "particular resolutions 2121 (2013), 2127 (2013), 2134 (2014), 2149 (2014), "
            "2181 (2014), 2196 (2015), 2212 (2015), 2217 (2015), 2262 (2016), 2264 (2016), "
            "2281 (2016), 2301 (2016), 2339 (2017), 2387 (2017), 2399 (2018), as well as "
            "resolution 2272 (2016), and its Presidential Statements S/PRST/2014/28 of "
            "18 December 2014, S/PRST/2015/17 of 20 October 2015, S/PRST/2016/17 of 16 November "
            "2016, S/PRST/2017/5 of 4 April 2017, S/PRST/2017/9 of 13 July 2017 and "
            "S/PRST/2018/14 of 13 July 2018,",
        ),
        _CAR_SOVEREIGNTY,
        P(
            "Reaffirming",
            "the basic principles of peacekeeping, such as consent of the parties, impartiality, "
            "and non-use of force, except in self-defence and defence of the mandate, recognizing "
            "that the mandate of each peacekeeping mission is specific to the need and situation "
            "of the country concerned, underlining that the mandates that it authorizes are "
            "consistent with the basic principles, reiterating that the Security Council expects "
            "full delivery of the mandates it authorizes, and recalling in this regard its "
            "resolution 2436 (2018){fn:Resolution on the performance of peacekeeping operations "
            "(footnote added to the fixture).},",
        ),
        P(
            "Recalling",
            "that the CAR Authorities have the primary responsibility to protect all populations "
            "in the CAR in particular from genocide, war crimes, ethnic cleansing and crimes "
            "against humanity and, in this regard, recalling the importance of restoring state "
            "authority in all parts of the country,",
        ),
        P(
            "Expressing",
            "its concern that children have continued to be victims of abuses committed by armed "
            "elements of the ex-Seleka and anti-Balaka as well as other armed groups, including "
            "the Lord\u2019s Resistance Army (LRA), and that women and girls continue to be "
            "violently targeted and victims of sexual and gender-based violence in the CAR,",
        ),
        P(
            "Recalling",
            "its resolutions on the protection of civilians in armed conflict, including 2286 "
            "(2016) and 1894 (2009), its resolutions on Children and Armed Conflict including "
            "2225 (2015) and 2427 (2018) and its resolutions on Women, Peace and Security "
            "including 2106 (2013) and 2242 (2015), welcoming the ratification by the CAR "
            "Authorities of the Optional Protocol to the Convention on the Rights of the Child on "
            "the involvement of children in armed conflict on 21 September 2017, underlining the "
            "importance of its full implementation, and calling upon all parties in the CAR to "
            "engage with the Special Representative on Children and Armed Conflict and the "
            "Special Representative on Sexual Violence in Conflict,",
        ),
        P(
            "Emphasizing",
            "that any sustainable solution to the crisis in the CAR should be CAR-owned, "
            "including the political process, and should prioritize reconciliation of the Central "
            "African people, through an inclusive process that involves men and women of all "
            "social, economic, political, religious and ethnic backgrounds, including, those "
            "displaced by the crisis,",
        ),
        P(
            "Taking note",
            "of the upcoming presidential, legislative and local elections in 2020/2021 and "
            "underlining the primary responsibility of the Government of the CAR to organize "
            "inclusive, free, fair, transparent, credible, peaceful and timely electoral "
            "processes, including the full and effective participation of women, and encouraging "
            "the CAR authorities, with the support of relevant partners, to promote the "
            "participation of IDPs and refugees in accordance with the Constitution of the CAR,",
        ),
        _CAR_THREAT,
        _CHAPTER_VII,
        N(1, "Decides", "to extend the mandate of MINUSCA until 15 November 2019;"),
        N(
            2,
            "Decides",
            "that MINUSCA\u2019s strategic objective is to support the creation of the political, "
            "security and institutional conditions conducive to the sustainable reduction of the "
            "presence of, and threat posed by, armed groups through a comprehensive approach and "
            "proactive and robust posture without prejudice to the basic principles of "
            "peacekeeping;",
        ),
        N(3, "Decides", "that the mandate of MINUSCA shall include the following priority tasks:"),
        A("a", "Protection of civilians"),
        R(
            "i",
            "To protect, in line with S/PRST/2018/18 of 21 September 2018, without prejudice to "
            "the primary responsibility of the CAR Authorities and the basic principles of "
            "peacekeeping, the civilian population under threat of physical violence;",
        ),
        R(
            "ii",
            "In support of the CAR Authorities, to take active steps to anticipate, deter and "
            "effectively respond to serious and credible threats to the civilian population "
            "through a comprehensive approach and, in this regard:",
        ),
        D(
            "to enhance its interaction with civilians, to strengthen its early warning mechanism, "
            "to increase its efforts to monitor and document violations of international "
            "humanitarian law and violations and abuses of human rights and to continue and "
            "strengthen local community engagement and empowerment;"
        ),
        D(
            "to maintain a proactive deployment and a mobile, flexible and robust posture, as well "
            "as by conducting active patrolling, in particular in high risks areas;"
        ),
        D(
            "to mitigate the risk to civilians before, during and after any military or police "
            "operation, including when in support of national security forces;"
        ),
        D(
            "to work with the CAR Authorities to identify and report threats to and attacks "
            "against civilians and implement existing prevention and response plans and "
            "strengthen civil-military cooperation, including joint planning;"
        ),
        R(
            "iii",
            "To provide specific protection for women and children affected by armed conflict, "
            "including through the deployment of Child Protection Advisers, Women Protection "
            "Advisers and Gender Advisers;",
        ),
        N(4, "Decides", _REMAIN_SEIZED),
    ),
)

# MINUSMA, renewal of June 2018. Masthead, document code, preamble: the official PDF's text as
# reproduced by vdocument.in (its first five preambular paragraphs); "Acting under Chapter VII"
# per the press release. Operative: paragraph 10 and paragraph 38 with the items PeaceWomen
# extracts from it ((d) (iii) and (e) (ii), relettered (a) (i) and (b) (i), with their headings,
# printed without a colon as in the original); the extension in the press release's terms. The
# footnote on the Agreement is added to exercise footnotes.
RES_2423 = Resolution(
    number=2423,
    year=2018,
    adopted=date(2018, 6, 28),
    meeting="8298th",
    job="18-10687",
    sources=(
        "https://press.un.org/en/2018/sc13400.doc.htm",
        "https://vdocument.in/united-nations-s-security-council-distr-general-minusma.html",
        "http://www.peacewomen.org/security-council/resolution/security-council-resolution-2423",
    ),
    hyphenate=frozenset({"*"}),
    blocks=(
        P(
            "Recalling",
            "its previous resolutions, in particular 2391 (2017), 2374 (2017), 2364 (2017) and "
            "2100 (2013), and its press statements of 23 May 2018, 15 April 2018 and "
            "24 January 2018,",
        ),
        P(
            "Reaffirming",
            "its strong commitment to the sovereignty, unity and territorial integrity of Mali, "
            "emphasizing that the Malian authorities have primary responsibility for the "
            "provision of stability, security and protection of civilians throughout the "
            "territory of Mali,",
        ),
        P(
            "Reaffirming",
            "the basic principles of peacekeeping, including consent of the parties, "
            "impartiality, and non-use of force, except in self-defence and defence of the "
            "mandate, and recognizing that the mandate of each peacekeeping mission is specific "
            "to the need and situation of the country concerned, and recalling its Presidential "
            "Statement of 14 May 2018 (S/PRST/2018/10),",
        ),
        P(
            "Recognizing",
            "that the full, effective and inclusive implementation of the Agreement on Peace and "
            "Reconciliation in Mali{fn:S/2015/364/Add.2, annex (footnote added to the fixture).} "
            "(\u201cthe Agreement\u201d) signed in 2015 by the Government of Mali, the "
            "Plateforme coalition of armed groups, and the Coordination des Mouvements de "
            "l\u2019Azawad coalition of armed groups (\u201cthe Plateforme and Coordination armed "
            "groups\u201d), constitutes a historic opportunity to achieve lasting peace and "
            "security in Mali,",
        ),
        P(
            "Stressing",
            "that all parties to the Agreement share the primary responsibility to make steadfast "
            "progress in its implementation,",
        ),
        _CHAPTER_VII,
        N(
            1,
            "Calls for",
            "the inclusion within national and regional strategies of programs to support "
            "community efforts to address the stigma of sexual and gender-based violence and the "
            "reintegration of survivors into their communities;",
        ),
        N(2, "Decides", "to extend the mandate of MINUSMA until 30 June 2019;"),
        N(
            3,
            "Decides",
            "that MINUSMA\u2019s mandate shall include the following priority tasks:",
        ),
        A("a", "Protection of civilians and stabilization, including against asymmetric threats"),
        R(
            "i",
            "To provide specific protection for women and children affected by armed conflict, "
            "including through Child Protection Advisors and Women Protection Advisors as well "
            "as consultations with women\u2019s organizations, and address the needs of victims "
            "of sexual and gender-based violence in armed conflict;",
        ),
        A("b", "Promotion and protection of human rights"),
        R(
            "i",
            "To monitor, help investigate and report publicly and regularly to the Security "
            "Council, on violations of international humanitarian law and on violations and "
            "abuses of human rights, including all forms of sexual and gender-based violence and "
            "violations and abuses committed against women and children throughout Mali and to "
            "contribute to efforts to prevent such violations and abuses;",
        ),
        N(4, "Decides", _REMAIN_SEIZED),
    ),
)

# UNMHA (a special political mission), renewal of January 2020. Preamble and operative paragraph
# 1 as the Jewish Virtual Library reproduces the resolution. Paragraph 2's opening words are the
# resolution's up to "Hodeidah Agreement"; its close ", UNMHA shall:" and the four functions are
# the mission's mandate page's wording of them (resolution 2534 (2020)). Meeting number and
# document code not given by the sources.
RES_2505 = Resolution(
    number=2505,
    year=2020,
    adopted=date(2020, 1, 13),
    meeting="8700th",
    job="20-00638",
    sources=(
        "https://www.jewishvirtuallibrary.org/un-security-council-resolutions-resolution-2505",
        "https://unmha.unmissions.org/mandate",
    ),
    hyphenate=frozenset({"implementation", "commitments", "redeployment"}),
    blocks=(
        P(
            "Recalling",
            "its resolutions 2014 (2011), 2051 (2012), 2140 (2014), 2175 (2014), 2201 (2015), "
            "2204 (2015), 2216 (2015), 2266 (2016), 2342 (2017), 2402 (2018), 2451 (2018), "
            "2452 (2019) and 2481 (2019), and the Statements of its President of 15 February "
            "2013, 29 August 2014, 22 March 2015, 25 April 2016, 15 June 2017 and 15 March 2018 "
            "concerning Yemen,",
        ),
        P(
            "Having considered",
            "the letters of the Secretary-General to the President of the Security Council of "
            "31 December 2018, 12 June 2019 and 14 October 2019, circulated as S/2019/28, "
            "S/2019/485, and S/2019/823 respectively, which were submitted pursuant to its "
            "resolutions 2451 (2018) and 2452 (2019),",
        ),
        P(
            "Reaffirming",
            "its strong commitment to the unity, sovereignty, independence and territorial "
            "integrity of Yemen and its commitment to stand by the people of Yemen,",
        ),
        P(
            "Reaffirming",
            "its endorsement of the agreement reached in Sweden by the Government of Yemen and "
            "the Houthis on the City of Hodeidah and the Ports of Hodeidah, Salif and Ras Issa "
            "(the Hodeidah Agreement), and reiterating its call on the parties to implement it,",
        ),
        N(
            1,
            "Decides",
            "to extend until 15 July 2020 the mandate of the United Nations Mission to support "
            "the Hodeidah Agreement (UNMHA), to support the implementation of the Agreement on "
            "the City of Hodeidah and Ports of Hodeidah, Salif and Ras Issa as set out in the "
            "Stockholm Agreement, circulated as S/2018/1134;",
        ),
        N(
            2,
            "Decides further",
            "that, to support the parties in implementing their commitments in accordance with "
            "the Hodeidah Agreement, UNMHA shall:",
        ),
        A(
            "a",
            "To lead, and support the functioning of the Redeployment Coordination Committee "
            "(RCC), assisted by a secretariat staffed by United Nations personnel, to oversee the "
            "governorate-wide ceasefire, redeployment of forces, and mine action operations;",
        ),
        A(
            "b",
            "To monitor the compliance of the parties to the ceasefire in Hudaydah governorate "
            "and the mutual redeployment of forces from the city of Hudaydah and the ports of "
            "Hudaydah, Salif and Ras Isa;",
        ),
        A(
            "c",
            "To work with the parties so that the security of the city of Hudaydah and the ports "
            "of Hudaydah, Salif and Ras Isa is assured by local security forces in accordance "
            "with Yemeni law; and",
        ),
        A(
            "d",
            "To facilitate and coordinate United Nations support to assist the parties to fully "
            "implement the Hudaydah Agreement.",
        ),
        N(3, "Decides", _REMAIN_SEIZED),
    ),
)

REAL_RESOLUTIONS = (RES_2387, RES_2448, RES_2423, RES_2505)
