"""More fictional resolutions, in the plain layout of ``tests.mandates.resolutions``, for the
reporting requests parser (``mandates.reporting``).

Each is modelled on the reporting paragraphs of a real mandate renewal (named beside it), in
wording close to the original but abridged and with fictional countries, missions, symbols and
dates; none is a quotation. ``as_text`` from ``tests.mandates.resolutions`` renders them.
"""

from __future__ import annotations

from tests.mandates.resolutions import Sample

# Modelled on MINUSCA's renewal by resolution 2659 (2022): a report every four months with the
# first by a date, an assessment presented by a date; distractors: the mission's tasks to identify
# and report threats and to report publicly on violations, a request to the mission to report to
# a sanctions committee, "as recommended in his report", "keep the Council regularly informed".

_2810_1 = """Adopted by the Security Council at its 10041st meeting, on 13 November 2025

      The Security Council,

      Recalling its previous resolutions and statements on Karavia, in
particular resolutions 2709 (2023) and 2759 (2024),

      Taking note of the report of the Secretary-General of 10 October 2025
(S/2025/640) and of his letter of 3 September 2025 (S/2025/571),

      Welcoming the independent strategic review of MINUKA (S/2025/388), and
taking note of its recommendations,

      Determining that the situation in Karavia continues to constitute a threat
to international peace and security in the region,

      Acting under Chapter VII of the Charter of the United Nations,

      1.    Decides to extend the mandate of the United Nations Multidimensional
Integrated Stabilization Mission in Karavia (MINUKA) until 15 November 2026;

      2.    Decides that the mandate of MINUKA shall include the following
priority tasks:

      (a)   Protection of civilians

      (i)   To protect, without prejudice to the primary responsibility of the
Karavian Authorities, the civilian population under threat of physical violence;

      (ii)  To identify and report threats to and attacks against civilians and
implement prevention and response plans and strengthen civil-military
cooperation;

      (b)   Promotion and protection of human rights

      (i)   To monitor, help investigate and report publicly and regularly to
the Security Council on violations of international humanitarian law and on
violations and abuses of human rights committed throughout Karavia;

      3.    Requests MINUKA to report to the Committee established pursuant to
resolution 2127 (2013) on the movements of arms and related materiel in
violation of the measures imposed by that resolution;

      4.    Requests the Secretary-General to ensure that MINUKA has the"""

_2810_2 = """capacities it needs to carry out its mandate, including the air assets and
enablers, as recommended in his report;

      5.    Requests the Secretary-General to keep the Council regularly
informed of the security situation in the north-east of Karavia;

      6.    Requests the Secretary-General to report to the Security Council
every four months, with the first report by 15 February 2026, on the situation
in Karavia, the implementation of MINUKA\u2019s mandate, including on the protection
of civilians and on the political process, and the safety and security of
peacekeepers;

      7.    Further requests the Secretary-General to conduct, in close
consultation with the Karavian Authorities, an assessment of the progress made
towards the benchmarks for the drawdown of MINUKA, and to present it to the
Council no later than 1 September 2026, with recommendations on the future
configuration of the Mission;

      8.    Decides to remain seized of the matter."""

RES_2810 = Sample(
    symbol="S/RES/2810 (2025)",
    heading="Resolution 2810 (2025)",
    date="13 November 2025",
    doc_code="25-18342",
    pages=[_2810_1, _2810_2],
)


# Modelled on MONUSCO's renewal by resolution 2717 (2023): one paragraph asks for a report every
# three months and for a written update on the disengagement by a date; an oral briefing by a
# date; distractors: tasks to "monitor, report and follow up", "as recommended in the report of
# the Secretary-General", and an assessment to be included in the reports already asked for.

_2815_1 = """Adopted by the Security Council at its 10077th meeting, on 19 December 2025

      The Security Council,

      Recalling its previous resolutions and the statements of its President
concerning Lusenga,

      Taking note of the report of the Secretary-General of 21 September 2025
(S/2025/603),

      Welcoming the joint disengagement plan of the Government of Lusenga and
the United Nations (S/2025/451),

      Acting under Chapter VII of the Charter of the United Nations,

      1.    Decides to extend the mandate of the United Nations Organization
Stabilization Mission in Lusenga (MONULUS) until 20 December 2026;

      2.    Decides that the strategic priorities of MONULUS are to contribute
to the protection of civilians and to support the stabilization and
strengthening of State institutions;

      3.    Decides that the mandate of MONULUS shall include the following
priority tasks:

      (a)   To monitor, report and follow up on violations of human rights and
of international humanitarian law, including all forms of sexual and gender-
based violence;

      (b)   To support the progressive, responsible and sustainable
disengagement of the Mission from the province of Tembo, in line with the joint
disengagement plan, as recommended in the report of the Secretary-General;

      4.    Requests the Secretary-General to report to the Security Council
every three months on the implementation of MONULUS\u2019s mandate, including on the
situation in the provinces of East Lusenga and Tembo, and to provide, by 30
September 2026, a written update on the progressive, responsible and sustainable
disengagement of the Mission, including on progress towards the benchmarks set
out in the joint disengagement plan;"""

_2815_2 = """      5.    Requests the Secretary-General to include in his reports an
assessment of the implementation of the joint disengagement plan and of the
risks to civilians in the areas MONULUS leaves;

      6.    Requests the Secretary-General, in coordination with the Government
of Lusenga, to brief the Council orally on the preparations for the local
elections no later than 15 June 2026;

      7.    Decides to remain seized of the matter."""

RES_2815 = Sample(
    symbol="S/RES/2815 (2025)",
    heading="Resolution 2815 (2025)",
    date="19 December 2025",
    doc_code="25-21107",
    pages=[_2815_1, _2815_2],
)


# Modelled on UNMISS's renewal by resolution 2729 (2024): an independent strategic review by a
# date, a report every 90 days and an oral briefing by a date in one paragraph, and a request to
# report on steps "in his regular reports", which sets no date; distractors: the mission's tasks,
# a request to the mission to report.

_2820_1 = """Adopted by the Security Council at its 9912th meeting, on 30 April 2025

      The Security Council,

      Recalling its previous resolutions and presidential statements on the
Republic of Sudera,

      Taking note of the report of the Secretary-General of 28 February 2025
(S/2025/129),

      Acting under Chapter VII of the Charter of the United Nations,

      1.    Decides to extend the mandate of the United Nations Mission in the
Republic of Sudera (UNMISU) until 30 April 2026;

      2.    Decides that the mandate of UNMISU shall be as follows:

      (a)   Protection of civilians:

      (i)   To protect civilians under threat of physical violence, irrespective
of the source of such violence, within its capabilities and areas of deployment;

      (ii)  To deter violence against civilians through a proactive deployment
and active patrolling, and to monitor and report on threats to civilians;

      3.    Requests UNMISU to report to the Ceasefire and Transitional Security
Arrangements Monitoring Mechanism on violations of the ceasefire;

      4.    Requests the Secretary-General to provide, no later than 1 March
2026, an independent strategic review of UNMISU, including recommendations on
the Mission\u2019s configuration and on options for its drawdown, in the light of the
transition;

      5.    Requests the Secretary-General to take the necessary steps to ensure
full compliance of UNMISU with the United Nations zero-tolerance policy on
sexual exploitation and abuse, and to report on these steps in his regular
reports to the Council;"""

_2820_2 = """      6.    Requests the Secretary-General to report to the Council on the
implementation of UNMISU\u2019s mandate every 90 days, and further requests the Secretary-
General to provide an oral briefing on the security arrangements for
the elections no later than 15 November 2025;

      7.    Decides to remain seized of the matter."""

RES_2820 = Sample(
    symbol="S/RES/2820 (2025)",
    heading="Resolution 2820 (2025)",
    date="30 April 2025",
    doc_code="25-06890",
    pages=[_2820_1, _2820_2],
)


# Modelled on the renewals of special political missions (UNAMA, UNSOM) and on the independent
# assessment resolution 2679 (2023) asked for: a briefing every 90 days, a letter within 60 days
# of the adoption, an independent assessment by a date, an annual report running past the
# mandate to its own end date; distractors: a task to monitor and report, the Panel of Experts'
# final report. Paragraph 3 wraps as an extraction may, with "Secretary-" and "every 90" ending
# lines.

_2825_1 = """Adopted by the Security Council at its 9877th meeting, on 17 March 2025

      The Security Council,

      Recalling its previous resolutions on Kelmaria,

      Welcoming the report of the Secretary-General of 27 February 2025
(S/2025/120),

      1.    Decides to extend the mandate of the United Nations Assistance
Mission in Kelmaria (UNAMK) until 17 March 2026;

      2.    Decides that UNAMK shall:

      (a)   Provide good offices in support of an inclusive political process;

      (b)   Monitor and report on the human rights situation, including on the
rights of women and girls;

      3.    Requests the Secretary-
General to brief the Council every 90
days on developments in Kelmaria and on the implementation of this resolution;

      4.    Requests the Secretary-General to provide to the Council, within 60
days of the adoption of this resolution, a letter setting out options for the
reconfiguration of the Mission\u2019s field offices;

      5.    Requests the Secretary-General to provide an integrated, independent
assessment of the international engagement in Kelmaria, and recommendations for
a coherent approach, no later than 17 November 2025;

      6.    Requests the Secretary-General to report annually to the Council on
progress towards the benchmarks for the transition of UNAMK, until 31 December
2027;

      7.    Requests the Panel of Experts to provide to the Council, no later
than 15 November 2025, a final report with its findings and recommendations;

      8.    Decides to remain seized of the matter."""

RES_2825 = Sample(
    symbol="S/RES/2825 (2025)",
    heading="Resolution 2825 (2025)",
    date="17 March 2025",
    doc_code="25-04016",
    pages=[_2825_1],
)


# A special political mission renewed on the last day of a month: a list under "Requests the
# Secretary-General to:" whose items make the requests (quarterly, within six months, twice a
# year from a date, and one that is no request); an assessment due 30 days before the mandate
# ends; recommendations before a date; distractors: the Panel of Experts' final report, "Looks
# forward to the Secretary-General's report".

_2830_1 = """Adopted by the Security Council at its 9988th meeting, on 31 August 2025

      The Security Council,

      Recalling its resolutions on Marenza,

      Taking note of the letter of the Secretary-General of 2 July 2025
(S/2025/432),

      1.    Decides to extend the mandate of the United Nations Integrated
Office in Marenza (UNIOM) until 31 August 2026;

      2.    Requests the Secretary-General to:

      (a)   Report to the Council on a quarterly basis on the implementation of
the mandate of UNIOM;

      (b)   Submit, within six months of the adoption of this resolution, a
report on options for the transfer of UNIOM\u2019s tasks to the United Nations
country team;

      (c)   Brief the Council semi-annually, starting 15 January 2026, on the
electoral process;

      (d)   Ensure the safety and security of United Nations personnel;

      3.    Further requests the Secretary-General to present an assessment of
the progress made towards the transition benchmarks not later than 30 days
before the end of the mandate of UNIOM;

      4.    Requests the Secretary-General to provide recommendations on the
future of the United Nations presence in Marenza before 1 March 2026;

      5.    Requests the Panel of Experts to provide to the Council, in
consultation with the Committee, a final report no later than 15 June 2026;"""

_2830_2 = """      6.    Looks forward to the Secretary-General\u2019s report on the electoral
process, and decides to remain seized of the matter."""

RES_2830 = Sample(
    symbol="S/RES/2830 (2025)",
    heading="Resolution 2830 (2025)",
    date="31 August 2025",
    doc_code="25-13551",
    pages=[_2830_1, _2830_2],
)

REPORTING_SAMPLES = (RES_2810, RES_2815, RES_2820, RES_2825, RES_2830)
