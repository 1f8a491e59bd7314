"""Illustrative demo content: one full mission strategy and three lighter missions.

Everything is fictional (Kalvaria, the Varo Basin, Dorrah, Serrania), modelled on how the
Security Council writes mandates and how missions write political strategies. Dates are relative
to ``today`` so the findings panel shows real gaps whenever the demo is seeded, and every row is
keyed on a natural key so seeding again never duplicates.

Once a demo mission exists it is its users' record: seeding again creates only what is missing
(a demo mission or login not there yet) and changes nothing that exists. Restoring the scripted
story (stakeholder position histories, each mission's reviews, the versions approved after them)
is an explicit ``reset``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pghistory
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone

from mandates.models import Mandate, MandatedTask
from missions.models import (
    Component,
    EndState,
    Level,
    Membership,
    Mission,
    Role,
    Stakeholder,
)
from reviews.models import (
    AssumptionAssessment,
    ContributionAssessment,
    Decision,
    ExitConditionAssessment,
    MarkerReading,
    ObjectiveAssessment,
    Progress,
    Review,
    ReviewReopening,
)
from reviews.planning import Period, period_containing
from strategies.models import (
    Assumption,
    ConflictDriver,
    Contribution,
    DriverObjective,
    ExitCondition,
    Objective,
    Priority,
    ProgressMarker,
    Risk,
    StakeholderPosition,
    StrategyVersion,
    TaskAlignment,
)
from strategies.versions import strategy_snapshot

DEMO_PASSWORD = "demo"
MAIN_ACRONYM = "UNSMK"

INTL, REGIONAL, NATIONAL, LOCAL = Level.INTERNATIONAL, Level.REGIONAL, Level.NATIONAL, Level.LOCAL
HOLDS, STRAIN, BROKEN = (
    Assumption.Rating.HOLDS,
    Assumption.Rating.UNDER_STRAIN,
    Assumption.Rating.BROKEN,
)
LEAD, SUPPORT = Contribution.Role.LEAD, Contribution.Role.SUPPORT
SUPPORTS, AMBIVALENT, OPPOSES, UNKNOWN = (
    StakeholderPosition.Stance.SUPPORTS,
    StakeholderPosition.Stance.AMBIVALENT,
    StakeholderPosition.Stance.OPPOSES,
    StakeholderPosition.Stance.UNKNOWN,
)
HIGH, MEDIUM, LOW = (
    Stakeholder.Influence.HIGH,
    Stakeholder.Influence.MEDIUM,
    Stakeholder.Influence.LOW,
)
SK = Stakeholder.Kind
POLITICAL, SECURITY = ExitCondition.Kind.POLITICAL, ExitCondition.Kind.SECURITY
NOT_MET, PARTLY_MET, MET = (
    ExitCondition.Status.NOT_MET,
    ExitCondition.Status.PARTLY_MET,
    ExitCondition.Status.MET,
)


def _p(text: str) -> str:
    """One paragraph from a wrapped triple-quoted string (keeps the source under 100 columns)."""
    return " ".join(text.split())


def _paras(text: str) -> str:
    """Paragraphs separated by blank lines, each unwrapped."""
    return "\n\n".join(_p(block) for block in text.strip().split("\n\n"))


def _long_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


# ---------------------------------------------------------------------------------------------
# Content specifications
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    email: str
    is_superuser: bool = False
    # Not one of the interface contract's demo logins (DESIGN.md section 5).
    extra: bool = False


@dataclass(frozen=True)
class TaskSpec:
    reference: str
    text: str
    objectives: tuple[str, ...] = ()
    priority: bool = False
    phase: int | None = None

    @property
    def parent_reference(self) -> str | None:
        """``29 (i) (a)`` belongs to ``29 (i)``, which belongs to ``29``."""
        return self.reference.rsplit(" (", 1)[0] if " (" in self.reference else None

    @property
    def depth(self) -> int:
        return self.reference.count(" (")

    @property
    def label(self) -> str:
        last = self.reference.rsplit(" ", 1)[-1]
        return last if last.startswith("(") else f"{last}."


@dataclass(frozen=True)
class MandateSpec:
    symbol: str
    adopted_days_ago: int
    expires_in_days: int
    chapter_vii: bool
    strategic_objectives: str
    preamble: str
    source: str
    tasks: tuple[TaskSpec, ...]
    # Operative paragraphs before the tasks; ``{expires}`` becomes the expiry date.
    opening: tuple[str, ...] = ()


@dataclass(frozen=True)
class MarkerSpec:
    statement: str
    baseline: str
    target: str
    latest_reading: str
    read_days_ago: int


@dataclass(frozen=True)
class ObjectiveSpec:
    code: str
    title: str
    levels: tuple[str, ...]
    description: str
    priority: int = Priority.MEDIUM
    phase: int = 1
    owner: str | None = None
    status: str = Objective.Status.ACTIVE
    assumptions: tuple[tuple[str, str], ...] = ()
    risks: tuple[tuple[str, str, str], ...] = ()
    markers: tuple[MarkerSpec, ...] = ()

    @property
    def parent_code(self) -> str | None:
        """``O2.1`` feeds ``O2``."""
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass(frozen=True)
class ContributionSpec:
    objective: str
    role: str
    narrative: str


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    kind: str
    lead_title: str
    contributions: tuple[ContributionSpec, ...] = ()
    lead: str | None = None


@dataclass(frozen=True)
class PositionSpec:
    objective: str
    stance: str
    days_ago: int
    note: str = ""


@dataclass(frozen=True)
class StakeholderSpec:
    name: str
    kind: str
    level: str
    influence: str
    notes: str
    positions: tuple[PositionSpec, ...]


@dataclass(frozen=True)
class DriverSpec:
    title: str
    level: str
    description: str
    leverage_points: str
    entry_points: str
    objectives: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExitSpec:
    kind: str
    description: str
    status: str
    evidence: str = ""


@dataclass(frozen=True)
class RatingSpec:
    objective: str
    progress: str
    political_environment: str


@dataclass(frozen=True)
class StrengthSpec:
    component: str
    objective: str
    strength: str
    evidence: str
    by: str


@dataclass(frozen=True)
class DecisionSpec:
    kind: str
    objective: str
    rationale: str
    outcome: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ReviewSpec:
    """One review of the mission's story, ``periods_ago`` review periods before today's.

    Concluded reviews conclude ten days after their period (or yesterday, if sooner) and are
    signed off the same afternoon when ``signed_off_by`` is given.
    """

    periods_ago: int
    status: str
    led_by: str | None = None
    signed_off_by: str | None = None
    participants: tuple[str, ...] = ()
    summary: str = ""
    evidence: str = "Political and security reporting for the period."
    ratings: tuple[RatingSpec, ...] = ()
    strengths: tuple[StrengthSpec, ...] = ()
    decisions: tuple[DecisionSpec, ...] = ()


@dataclass(frozen=True)
class VersionSpec:
    """An approved strategy version, ``days_after_review`` after the last concluded review."""

    approved_by: str
    days_after_review: int
    note: str


@dataclass(frozen=True)
class MissionSpec:
    acronym: str
    name: str
    kind: str
    host_country: str
    headquarters: str
    time_zone: str
    established_on: date
    review_cadence_months: int
    end_state: str
    horizon: str
    end_state_adopted_days_ago: int
    mandate: MandateSpec
    objectives: tuple[ObjectiveSpec, ...]
    components: tuple[ComponentSpec, ...]
    stakeholders: tuple[StakeholderSpec, ...]
    drivers: tuple[DriverSpec, ...]
    exit_conditions: tuple[ExitSpec, ...]
    members: tuple[tuple[str, str, str | None], ...] = field(default=())
    reviews: tuple[ReviewSpec, ...] = ()
    versions: tuple[VersionSpec, ...] = ()


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

USERS: tuple[UserSpec, ...] = (
    UserSpec("hom", "Miriam", "Osei", "miriam.osei@un.example"),
    UserSpec("chief", "Tomás", "Ferreira", "tomas.ferreira@un.example"),
    UserSpec("editor", "Leila", "Haddad", "leila.haddad@un.example"),
    UserSpec("lead", "Jonas", "Berg", "jonas.berg@un.example"),
    UserSpec("desk", "Priya", "Raman", "priya.raman@un.example"),
    UserSpec("viewer", "Samuel", "Kariuki", "samuel.kariuki@un.example"),
    UserSpec("admin", "Workbench", "Administrator", "admin@un.example", is_superuser=True),
    # The member of the mission outside the desk officer's desk.
    UserSpec("observer", "Camila", "Duarte", "camila.duarte@un.example", extra=True),
    # UNISFD's head of mission: signs off its reviews and approves its strategy.
    UserSpec("lindqvist", "Ingrid", "Lindqvist", "ingrid.lindqvist@un.example", extra=True),
)

# ---------------------------------------------------------------------------------------------
# Main mission: the United Nations Stabilization Mission in Kalvaria (fictional)
# ---------------------------------------------------------------------------------------------

_UNSMK_TASKS: tuple[TaskSpec, ...] = (
    TaskSpec(
        "29",
        _p("""Decides that the mandate of UNSMK shall include the following priority tasks, in
        support of the strategic priority set out in paragraph 28:"""),
        ("O2", "O2.1"),
        priority=True,
    ),
    TaskSpec(
        "29 (i)",
        _p("""Protection of civilians: To protect, without prejudice to the primary
        responsibility of the Kalvarian authorities, the civilian population under threat of
        physical violence, within its capabilities and its areas of deployment, including
        through:"""),
        ("O2.2", "O5"),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (i) (a)",
        _p("""To take active steps, including through a mobile, flexible and robust posture and
        active patrolling, to anticipate, deter and effectively respond to threats of physical
        violence against civilians, in particular in the Karsh Plateau and Upper Tessa
        prefectures, in close coordination with the national defence and internal security
        forces;"""),
        ("O2.2",),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (i) (b)",
        _p("""To strengthen its engagement with the civilian population, including women, young
        people and internally displaced persons, and to support community-based early-warning
        and response mechanisms and local protection committees;"""),
        ("O2.2",),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (i) (c)",
        _p("""To mitigate the risk to civilians before, during and after any military or police
        operation it supports, including by applying the human rights due diligence policy on
        United Nations support to non-United Nations security forces;"""),
        ("O5",),
        priority=True,
    ),
    TaskSpec(
        "29 (ii)",
        _p("""Good offices and support to the peace process: To use its good offices and
        political leadership, in close coordination with the African Union and ECCAS, to support
        the implementation of the Marovo Agreement, including through:"""),
        ("O1", "O2"),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (ii) (a)",
        _p("""To support the Government and the signatory armed groups in making the
        Agreement's Executive Monitoring Committee and prefectural implementation committees
        functional and inclusive, and to help resolve disputes over the interpretation of the
        Agreement;"""),
        ("O2",),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (ii) (b)",
        _p("""To support local mediation, conflict-resolution and reconciliation initiatives,
        including over land, transhumance and access to mining sites, and to link their
        outcomes to the national peace process;"""),
        ("O2.2",),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (ii) (c)",
        _p("""To promote the full, equal and meaningful participation of women and the inclusion
        of young people, displaced persons and refugees at all levels of the peace process;"""),
        ("O2", "O3"),
        priority=True,
    ),
    TaskSpec(
        "29 (iii)",
        _p("""Disarmament, demobilization, reintegration and repatriation: To support the
        Kalvarian authorities in implementing an inclusive and gender-sensitive national DDRR
        programme for members of signatory armed groups, including:"""),
        ("O2.1",),
        priority=True,
        phase=2,
    ),
    TaskSpec(
        "29 (iii) (a)",
        _p("""To support the disarmament, demobilization and socio-economic reintegration of
        eligible combatants, and the repatriation of foreign combatants in coordination with
        neighbouring States;"""),
        ("O2.1",),
        priority=True,
        phase=2,
    ),
    TaskSpec(
        "29 (iii) (b)",
        _p("""To implement community violence reduction programmes for members of armed groups
        not eligible for the national programme and for young people at risk of
        recruitment;"""),
        ("O2.1", "O2.2"),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (iv)",
        _p("""Human rights: To monitor, help investigate and report publicly and to the Security
        Council on violations of international humanitarian law and violations and abuses of
        human rights committed throughout Kalvaria, including conflict-related sexual violence
        and grave violations against children, and to contribute to efforts to identify
        perpetrators and prevent such violations;"""),
        ("O5",),
        priority=True,
        phase=1,
    ),
    TaskSpec(
        "29 (v)",
        _p("""Humanitarian assistance: To facilitate the creation of a secure environment for
        the immediate, full, safe and unhindered, civilian-led delivery of humanitarian
        assistance, in accordance with humanitarian principles, and for the voluntary, safe,
        dignified and sustainable return of internally displaced persons and refugees;"""),
        ("O2.2",),
        priority=True,
    ),
    TaskSpec(
        "29 (vi)",
        _p("""Protection of the United Nations: To protect United Nations personnel,
        installations and equipment and to ensure the safety, security and freedom of movement
        of United Nations and associated personnel;"""),
        priority=True,
    ),
    TaskSpec(
        "30",
        _p("""Decides that the mandate of UNSMK shall also include the following tasks:"""),
        ("O3", "O4"),
    ),
    TaskSpec(
        "30 (a)",
        _p("""Extension of State authority: To support the progressive, inclusive and
        accountable redeployment of the civilian administration and of the national defence and
        internal security forces to the Karsh Plateau and Upper Tessa prefectures, including
        through the prefectural mixed security units provided for in the Marovo Agreement;"""),
        ("O4", "O2.1"),
        phase=2,
    ),
    TaskSpec(
        "30 (b)",
        _p("""Electoral support: To use its good offices and provide technical, logistical and
        security support to the National Electoral Authority for the preparation and conduct of
        local elections in 2027 and of peaceful, inclusive and credible general elections in
        2028;"""),
        ("O3",),
        phase=2,
    ),
    TaskSpec(
        "30 (c)",
        _p("""Security sector reform: To provide strategic and technical advice to the
        Kalvarian authorities on the implementation of the national security sector reform
        strategy, including vetting, and on the civilian oversight and accountability of the
        national defence and internal security forces;"""),
        ("O2.1", "O5"),
        phase=3,
    ),
    TaskSpec(
        "30 (d)",
        _p("""Justice and the fight against impunity: To support the Special Criminal Chamber of
        Kalvaria and the national justice and corrections institutions in investigating and
        prosecuting serious crimes committed by all parties, including by members of the
        national defence and internal security forces;"""),
        ("O5",),
        phase=2,
    ),
    TaskSpec(
        "30 (e)",
        _p("""Sanctions: To assist the Security Council Committee concerning Kalvaria and its
        Panel of Experts, including by passing information relevant to the implementation of
        the arms embargo and the targeted measures;"""),
    ),
    TaskSpec(
        "31",
        _p("""Requests UNSMK to take fully into account gender considerations as a cross-cutting
        issue throughout its mandate and to assist the Government in ensuring the full, equal
        and meaningful participation of women in the peace process and in the 2027 and 2028
        elections;"""),
        ("O2", "O3"),
    ),
    TaskSpec(
        "32",
        _p("""Requests UNSMK to strengthen its strategic communications, including to counter
        mis- and disinformation and hate speech that undermine the peace process and endanger
        civilians and peacekeepers;"""),
    ),
    TaskSpec(
        "33",
        _p("""Requests UNSMK to work with ECCAS, the African Union and neighbouring States to
        address the cross-border dimensions of the conflict, including transhumance, the
        movement of armed elements and the illicit trafficking of natural resources and
        arms;"""),
        ("O1",),
    ),
)

_UNSMK_OBJECTIVES: tuple[ObjectiveSpec, ...] = (
    ObjectiveSpec(
        "O1",
        "Regional and international partners back the Marovo Agreement with one voice",
        (INTL, REGIONAL),
        _p("""The Council, the African Union, ECCAS and the neighbouring States, above all
        Tembara, use their leverage in support of the Agreement rather than of individual
        parties, and address its cross-border dimensions: armed elements, transhumance and
        trafficking."""),
        priority=Priority.HIGH,
        phase=1,
        owner="hom",
        assumptions=(
            (
                _p("""Council members stay united on Kalvaria and renew the mandate without
                weakening its political tasks."""),
                HOLDS,
            ),
            (
                _p("""Tembara keeps its border closed to the armed elements that left the
                Agreement."""),
                STRAIN,
            ),
        ),
        risks=(
            (
                _p("""A parallel mediation initiative by a neighbouring State offers armed groups
                an alternative forum to the Agreement's mechanisms."""),
                Risk.Severity.HIGH,
                _p("""Ask the AU and ECCAS guarantors to co-convene any parallel talks; brief the
                Council's penholder early."""),
            ),
        ),
        markers=(
            MarkerSpec(
                _p("""The guarantors and facilitators of the Agreement take joint public
                positions on disputes over its implementation."""),
                "No joint statement in the first year of the Agreement",
                "A joint position on every dispute referred by the Executive Monitoring Committee",
                "Two joint AU-ECCAS-UN communiqués in the last quarter",
                20,
            ),
            MarkerSpec(
                _p("""The tripartite commission on cross-border security (Kalvaria, Tembara,
                UNSMK) meets and follows up on its decisions."""),
                "Has not met since 2023",
                "Meets every quarter, with agreed follow-up",
                "Met once; follow-up on the Mboro crossing pending",
                45,
            ),
        ),
    ),
    ObjectiveSpec(
        "O2",
        "The parties implement the political and security provisions of the Marovo Agreement",
        (NATIONAL,),
        _p("""The Government and the signatory groups settle disputes through the Agreement's
        mechanisms, not by arms, and implementation moves on the provisions that change power
        relations: inclusive government, security arrangements and decentralization."""),
        priority=Priority.HIGH,
        phase=1,
        owner="editor",
        assumptions=(
            (
                _p("""The President remains personally committed to the Agreement in the run-up
                to the 2028 elections."""),
                HOLDS,
            ),
            (
                _p("""The leaders of the signatory armed groups keep their commitment despite the
                slow pace of integration."""),
                STRAIN,
            ),
            (
                _p("""The Executive Monitoring Committee can take decisions by consensus. (Since
                the KLF suspended its participation, it has not reached one.)"""),
                BROKEN,
            ),
        ),
        risks=(
            (
                _p("""A major signatory group withdraws from the Agreement and resumes offensives
                in the Karsh Plateau."""),
                Risk.Severity.HIGH,
                _p("""Joint early engagement by the SRSG and the AU Special Representative; keep
                the Force posture in Karsh under review."""),
            ),
            (
                _p("""Implementation shrinks to a technical calendar and loses political
                ownership."""),
                Risk.Severity.MEDIUM,
                _p("""Put one political decision on the agenda of every Committee meeting; the
                SRSG reports on it to the President monthly."""),
            ),
        ),
        markers=(
            MarkerSpec(
                _p("""Disputes over implementation are settled in the Executive Monitoring
                Committee rather than by force."""),
                "0 of 6 disputes decided in the Committee in 2024",
                "Every dispute referred to and decided in the Committee",
                "2 of 5 disputes decided this year",
                30,
            ),
        ),
    ),
    ObjectiveSpec(
        "O2.1",
        _p("""Signatory armed groups leave the battlefield through DDR or integration into the
        unified security forces"""),
        (NATIONAL, LOCAL),
        _p("""Combatants of the signatory groups disarm and either return to civilian life or
        join the mixed security units, so that no armed group controls territory or mining
        sites in the Karsh Plateau."""),
        priority=Priority.HIGH,
        phase=2,
        owner="chief",
        assumptions=(
            (
                _p("""Funding for reintegration is secured before combatants are
                demobilized."""),
                STRAIN,
            ),
            (
                _p("""Communities in Karsh accept the prefectural mixed security units."""),
                HOLDS,
            ),
        ),
        risks=(
            (
                _p("""Demobilized combatants without livelihoods are re-recruited by groups
                outside the Agreement."""),
                Risk.Severity.HIGH,
                _p("""Tie reintegration to community violence reduction and to the World Bank's
                reintegration financing."""),
            ),
        ),
        markers=(
            MarkerSpec(
                "Combatants of signatory groups disarmed and demobilized",
                "1,200 at the end of 2024",
                "6,500 by the end of the mandate",
                "3,140",
                14,
            ),
            MarkerSpec(
                "Mining sites in the Karsh Plateau controlled by armed groups",
                "23 of 41 sites",
                "None",
                "17 of 41 sites",
                60,
            ),
        ),
    ),
    ObjectiveSpec(
        "O2.2",
        _p("""Local disputes over land, transhumance and mining are settled without violence and
        feed the national process"""),
        (LOCAL,),
        _p("""Local peace committees and traditional authorities in the Karsh Plateau and Upper
        Tessa settle disputes before they turn into cycles of reprisals, and their agreements
        are taken up by the prefectural implementation committees."""),
        priority=Priority.MEDIUM,
        phase=1,
        owner="lead",
        assumptions=(
            (
                _p("""Traditional authorities and local peace committees are accepted by both
                farming and herding communities."""),
                HOLDS,
            ),
            (_p("""Seasonal transhumance follows the agreed corridors."""), STRAIN),
        ),
        markers=(
            MarkerSpec(
                "Local agreements reached and still holding after six months",
                "4 agreements in 2024",
                "12 agreements by the end of the mandate",
                "9 agreements, of which 7 holding",
                25,
            ),
        ),
    ),
    ObjectiveSpec(
        "O3",
        "An inclusive and credible path to the 2028 general elections is agreed",
        (NATIONAL,),
        _p("""The parties agree on the electoral calendar, the voter register and the
        participation of displaced persons, so that the elections consolidate the settlement
        rather than reopen it."""),
        priority=Priority.MEDIUM,
        phase=2,
        owner="editor",
        assumptions=(
            (
                _p("""The opposition stays in the process if the calendar is agreed by
                consensus."""),
                STRAIN,
            ),
        ),
        risks=(
            (
                _p("""Postponing the local elections is read as a move to extend the President's
                term."""),
                Risk.Severity.HIGH,
                _p("""Good offices with the ruling party and the opposition; joint AU-ECCAS-UN
                messages on the calendar."""),
            ),
        ),
    ),
    ObjectiveSpec(
        "O4",
        "State authority returns to the Karsh Plateau on terms local communities accept",
        (NATIONAL, LOCAL),
        _p("""Prefects, sub-prefects and public services return to Karsh and Upper Tessa in a
        way that communities see as theirs, not as the arrival of one side. Added at the last
        review; component contributions are still to be stated."""),
        priority=Priority.MEDIUM,
        phase=2,
        owner="chief",
        assumptions=((_p("""Prefects appointed to Karsh are accepted locally."""), HOLDS),),
        markers=(
            MarkerSpec(
                _p("""Prefectures and sub-prefectures of Karsh and Upper Tessa with a prefect
                present and a functioning administration"""),
                "5 of 14",
                "14 of 14",
                "7 of 14",
                40,
            ),
        ),
    ),
    ObjectiveSpec(
        "O5",
        "Accountability for serious crimes by all parties reduces impunity as a driver of violence",
        (NATIONAL,),
        _p("""Serious crimes committed by armed groups and by the national forces are
        investigated and tried, so that violence stops paying and victims see the settlement as
        theirs."""),
        priority=Priority.MEDIUM,
        phase=1,
        owner="editor",
        assumptions=(
            (
                _p("""The Special Criminal Chamber is allowed to prosecute members of the
                national forces."""),
                STRAIN,
            ),
            (_p("""Victims and witnesses come forward when protection is assured."""), HOLDS),
        ),
        risks=(
            (
                _p("""Prosecution of armed group leaders is traded away in negotiations."""),
                Risk.Severity.MEDIUM,
                _p("""Keep amnesty for serious crimes off the table, as the Agreement's own text
                provides."""),
            ),
        ),
        markers=(
            MarkerSpec(
                "Cases of serious crimes committed in Karsh and Upper Tessa brought to trial",
                "2 in 2024",
                "10 by the end of the mandate",
                "5, including 2 against members of the national forces",
                50,
            ),
        ),
    ),
    ObjectiveSpec(
        "O6",
        "The cessation of hostilities holds in the Lake Dunai corridor",
        (LOCAL,),
        _p("""The 2024 local cessation of hostilities between the FPRD and the Dunai
        self-defence groups holds without mission facilitation."""),
        priority=Priority.LOW,
        phase=1,
        owner="chief",
        status=Objective.Status.ACHIEVED,
        assumptions=(
            (_p("""The joint ceasefire committee keeps meeting without UNSMK."""), HOLDS),
        ),
        markers=(
            MarkerSpec(
                "Consecutive months without a violation recorded by the joint ceasefire committee",
                "0",
                "12 consecutive months",
                "14 consecutive months",
                10,
            ),
        ),
    ),
)

_UNSMK_COMPONENTS: tuple[ComponentSpec, ...] = (
    ComponentSpec(
        "Force",
        Component.Kind.MILITARY,
        "Force Commander",
        (
            ContributionSpec(
                "O2.1",
                SUPPORT,
                _p("""Secures cantonment sites and escorts demobilization teams so that the
                signatory groups trust the process enough to send their combatants; its posture
                in Karsh is set to open space for the integration talks, not to defeat groups
                militarily."""),
            ),
            ContributionSpec(
                "O2.2",
                SUPPORT,
                _p("""Patrols the transhumance corridors at the start of the season, deterring
                the attacks that turn local disputes into reprisals and giving the peace
                committees time to reach agreements."""),
            ),
            ContributionSpec(
                "O6",
                LEAD,
                _p("""Verified the cessation of hostilities with the joint ceasefire committee
                until the committee could do so on its own."""),
            ),
        ),
    ),
    ComponentSpec(
        "United Nations Police",
        Component.Kind.POLICE,
        "Police Commissioner",
        (
            ContributionSpec(
                "O2.1",
                SUPPORT,
                _p("""Trains and vets the police elements of the mixed security units, whose
                credibility with communities is what makes integration an acceptable exit for
                combatants."""),
            ),
            ContributionSpec(
                "O5",
                SUPPORT,
                _p("""Co-locates with the gendarmerie in Karsh to build cases that hold up in
                court, so that arrests lead to trials rather than to releases that fuel
                revenge."""),
            ),
        ),
    ),
    ComponentSpec(
        "Civil Affairs Section",
        Component.Kind.CIVILIAN,
        "Chief, Civil Affairs Section",
        (
            ContributionSpec(
                "O2.2",
                LEAD,
                _p("""Facilitates local peace committees and transhumance agreements and
                carries their outcomes to the prefectural implementation committees, so that
                local settlements carry weight in the national process and local grievances
                reach it."""),
            ),
            ContributionSpec(
                "O2",
                SUPPORT,
                _p("""Brings the views of communities in Karsh and Upper Tessa into the
                prefectural implementation committees, which gives the Agreement a constituency
                beyond the signatories."""),
            ),
        ),
        lead="lead",
    ),
    ComponentSpec(
        "Human Rights Division",
        Component.Kind.CIVILIAN,
        "Director, Human Rights Division",
        (
            ContributionSpec(
                "O5",
                LEAD,
                _p("""Documents violations by all parties to a standard that prosecutors and
                the Special Criminal Chamber can use, and reports publicly to raise the
                political cost of abuses."""),
            ),
            ContributionSpec(
                "O2.1",
                SUPPORT,
                _p("""Screens candidates for integration so that perpetrators of serious
                violations are not rewarded with a place in the unified forces, which keeps
                communities' consent to the security arrangements."""),
            ),
        ),
    ),
    ComponentSpec(
        "DDR Section",
        Component.Kind.CIVILIAN,
        "Chief, DDR Section",
        (
            ContributionSpec(
                "O2.1",
                LEAD,
                _p("""Designs DDR and community violence reduction around the Agreement's
                security arrangements, so that each demobilization shifts the balance towards
                the process, not only the count of weapons collected."""),
            ),
        ),
    ),
    ComponentSpec(
        "Political Affairs Division",
        Component.Kind.CIVILIAN,
        "Director, Political Affairs Division",
        (
            ContributionSpec(
                "O1",
                LEAD,
                _p("""Keeps the AU, ECCAS and Tembara on common messages, prepares the
                tripartite commission and the SRSG's briefings to the Council."""),
            ),
            ContributionSpec(
                "O2",
                LEAD,
                _p("""Prepares and follows up the SRSG's good offices with the parties and
                staffs the Executive Monitoring Committee, turning its decisions into an
                implementation calendar the parties own."""),
            ),
            ContributionSpec(
                "O3",
                SUPPORT,
                _p("""Holds the dialogue between the ruling party and the opposition on the
                electoral calendar."""),
            ),
        ),
    ),
    ComponentSpec(
        "Electoral Assistance Division",
        Component.Kind.CIVILIAN,
        "Chief Electoral Adviser",
        (
            ContributionSpec(
                "O3",
                LEAD,
                _p("""Advises the National Electoral Authority on a calendar and on the
                registration of displaced voters that the parties can agree on, so that the
                elections consolidate the settlement."""),
            ),
        ),
    ),
    # No contribution yet: the finding the last review asked the section to close.
    ComponentSpec(
        "Justice and Corrections Section",
        Component.Kind.CIVILIAN,
        "Chief, Justice and Corrections Section",
    ),
)

_UNSMK_STAKEHOLDERS: tuple[StakeholderSpec, ...] = (
    StakeholderSpec(
        "United Nations Security Council",
        SK.SECURITY_COUNCIL,
        INTL,
        HIGH,
        _p("""Unity on the mandate renewal has held; the three African members seek a stronger
        reference to the AU's role as guarantor."""),
        (
            PositionSpec(
                "O1",
                SUPPORTS,
                35,
                "Presidential statement welcomed the joint AU-ECCAS-UN communiqué.",
            ),
            PositionSpec(
                "O3",
                AMBIVALENT,
                35,
                "Members divided on pressing for the 2027 local elections to go ahead on time.",
            ),
        ),
    ),
    StakeholderSpec(
        "UN Secretariat (DPPA-DPO)",
        SK.SECRETARIAT,
        INTL,
        HIGH,
        "Africa II Division; advises and accompanies, does not lead the strategy.",
        (
            PositionSpec("O1", SUPPORTS, 60),
            PositionSpec(
                "O2",
                SUPPORTS,
                60,
                "Backs refocusing the Executive Monitoring Committee on security arrangements.",
            ),
        ),
    ),
    StakeholderSpec(
        "African Union Peace and Security Council",
        SK.REGIONAL_ORG,
        REGIONAL,
        HIGH,
        "Guarantor of the Marovo Agreement together with ECCAS.",
        (
            PositionSpec(
                "O1",
                SUPPORTS,
                45,
                "Communiqué reaffirmed the AU as guarantor and called for a joint envoys' visit.",
            ),
            PositionSpec("O2", SUPPORTS, 45),
            PositionSpec("O3", AMBIVALENT, 90, "Wary of pressing a sovereign electoral calendar."),
        ),
    ),
    StakeholderSpec(
        "Economic Community of Central African States (ECCAS)",
        SK.SUBREGIONAL_ORG,
        REGIONAL,
        HIGH,
        "Co-guarantor; its 2024 transhumance protocol is the regional frame for O2.2.",
        (
            PositionSpec(
                "O1",
                AMBIVALENT,
                260,
                "Summit communiqué favoured a separate ECCAS facilitation track.",
            ),
            PositionSpec(
                "O1",
                SUPPORTS,
                75,
                "Agreed to co-convene the tripartite commission with the AU and UNSMK.",
            ),
            PositionSpec(
                "O2.2",
                SUPPORTS,
                75,
                "Offers its transhumance protocol as the basis for local corridor agreements.",
            ),
        ),
    ),
    StakeholderSpec(
        "World Bank",
        SK.DONOR,
        INTL,
        MEDIUM,
        "Country partnership framework under revision.",
        (
            PositionSpec(
                "O2.1",
                SUPPORTS,
                100,
                "Reintegration financing foreseen, conditional on the national DDRR programme.",
            ),
            PositionSpec("O4", SUPPORTS, 100, "Local governance grants for returning prefects."),
        ),
    ),
    StakeholderSpec(
        "Office of the President of Kalvaria",
        SK.HOST_GOVERNMENT,
        NATIONAL,
        HIGH,
        "Chairs the Executive Monitoring Committee through the Minister-Counsellor for Peace.",
        (
            PositionSpec("O2", SUPPORTS, 20),
            PositionSpec("O3", SUPPORTS, 220, "Committed in public to local elections in 2027."),
            PositionSpec(
                "O3",
                AMBIVALENT,
                20,
                "Presidency floats postponing the local elections to 2028 'for security reasons'.",
            ),
            PositionSpec(
                "O5",
                AMBIVALENT,
                80,
                "Backs trials of armed group leaders, not of the presidential guard.",
            ),
        ),
    ),
    StakeholderSpec(
        "Ministry of Territorial Administration and Decentralization",
        SK.HOST_GOVERNMENT,
        NATIONAL,
        MEDIUM,
        "Appoints prefects and sub-prefects.",
        (
            PositionSpec("O4", SUPPORTS, 40, "Appointed two prefects after local consultations."),
            PositionSpec("O2.2", SUPPORTS, 40),
        ),
    ),
    StakeholderSpec(
        "Ministry of Defence and Veterans Affairs",
        SK.HOST_GOVERNMENT,
        NATIONAL,
        HIGH,
        "Holds the file on integration quotas for the unified forces.",
        (
            PositionSpec(
                "O2.1", SUPPORTS, 250, "Committed to the mixed security units of the Agreement."
            ),
            PositionSpec(
                "O2.1",
                AMBIVALENT,
                55,
                "Questions the quotas for integrating former combatants into the army.",
            ),
            PositionSpec(
                "O5",
                OPPOSES,
                55,
                "Refuses to hand over two officers named in a Human Rights Division report.",
            ),
        ),
    ),
    StakeholderSpec(
        "Republic of Tembara",
        SK.NEIGHBOURING_STATE,
        REGIONAL,
        HIGH,
        "Shares the Karsh border; hosts the KLF's political wing.",
        (
            PositionSpec(
                "O1", OPPOSES, 300, "Hosted press conferences of the KLF's political wing."
            ),
            PositionSpec("O1", AMBIVALENT, 150, "Joined the tripartite commission as observer."),
            PositionSpec(
                "O1",
                SUPPORTS,
                18,
                "Closed the Mboro crossing to armed elements after the tripartite commission met.",
            ),
        ),
    ),
    StakeholderSpec(
        "Federal Republic of Sadaro",
        SK.NEIGHBOURING_STATE,
        REGIONAL,
        MEDIUM,
        "New government since the last review; no channel yet.",
        (PositionSpec("O1", UNKNOWN, 240, "No contact since the change of government."),),
    ),
    StakeholderSpec(
        "Karsh Liberation Front (KLF)",
        SK.ARMED_GROUP,
        NATIONAL,
        HIGH,
        _p("""Signatory of the Agreement; suspended its participation in the Executive
        Monitoring Committee; controls mining sites north of the Tessa river."""),
        (
            PositionSpec("O2", SUPPORTS, 320, "Signed the Marovo Agreement."),
            PositionSpec(
                "O2",
                OPPOSES,
                110,
                "Suspended its participation in the Committee over integration quotas.",
            ),
            PositionSpec("O2.1", OPPOSES, 200, "Refused cantonment."),
            PositionSpec(
                "O2.1",
                AMBIVALENT,
                30,
                "Leaders accept cantonment in principle; want their ranks recognized.",
            ),
        ),
    ),
    StakeholderSpec(
        "Tessa Self-Defence Militias",
        SK.ARMED_GROUP,
        LOCAL,
        MEDIUM,
        "Loose coalition of village self-defence groups; not a signatory.",
        (
            PositionSpec(
                "O2.2",
                AMBIVALENT,
                210,
                "Took part in the first Upper Tessa peace committee, then withdrew.",
            ),
        ),
    ),
    StakeholderSpec(
        "Kalvarian People's Congress (KPC)",
        SK.PARTY,
        NATIONAL,
        HIGH,
        "Ruling party.",
        (
            PositionSpec(
                "O3",
                SUPPORTS,
                30,
                "Backs the National Electoral Authority's draft calendar in its congress motion.",
            ),
        ),
    ),
    StakeholderSpec(
        "Alliance for Democratic Renewal (ADR)",
        SK.PARTY,
        NATIONAL,
        MEDIUM,
        "Main opposition coalition.",
        (
            PositionSpec(
                "O3", SUPPORTS, 190, "Signed the code of conduct for the electoral period."
            ),
            PositionSpec(
                "O3",
                OPPOSES,
                25,
                "Boycotts the calendar consultations since the postponement was floated.",
            ),
            PositionSpec("O2", AMBIVALENT, 25),
        ),
    ),
    StakeholderSpec(
        "Kalvaria Women's Platform for Peace",
        SK.CIVIL_SOCIETY,
        NATIONAL,
        MEDIUM,
        "National network of women's organizations.",
        (
            PositionSpec(
                "O2",
                SUPPORTS,
                15,
                "Asks for a seat with voice in the Executive Monitoring Committee.",
            ),
            PositionSpec("O3", SUPPORTS, 15),
            PositionSpec("O5", SUPPORTS, 70, "Accompanies survivors of sexual violence to court."),
        ),
    ),
    StakeholderSpec(
        "Karsh Plateau Women Mediators' Network",
        SK.CIVIL_SOCIETY,
        LOCAL,
        LOW,
        "Members face threats for their mediation work.",
        (
            PositionSpec(
                "O2.2", SUPPORTS, 12, "Mediated three of the nine local agreements this year."
            ),
        ),
    ),
    StakeholderSpec(
        "Upper Tessa Prefecture and Local Peace Committee",
        SK.LOCAL_AUTHORITY,
        LOCAL,
        MEDIUM,
        "",
        (
            PositionSpec("O2.2", SUPPORTS, 25),
            PositionSpec(
                "O4",
                AMBIVALENT,
                40,
                "Fears that prefects appointed from Marovo will side with one community.",
            ),
        ),
    ),
    StakeholderSpec(
        "Troop- and police-contributing countries",
        SK.CONTRIBUTOR,
        INTL,
        MEDIUM,
        "As a group; the three largest contributors hold the Karsh sectors.",
        (
            PositionSpec(
                "O2.1",
                AMBIVALENT,
                85,
                "Some contributors question the risk to contingents escorting cantonment.",
            ),
            PositionSpec("O6", SUPPORTS, 85),
        ),
    ),
    StakeholderSpec(
        "European Union",
        SK.DONOR,
        INTL,
        MEDIUM,
        "Main contributor to the electoral basket fund.",
        (
            PositionSpec("O3", SUPPORTS, 65, "Funding conditional on a consensual calendar."),
            PositionSpec("O5", SUPPORTS, 65),
        ),
    ),
)

_UNSMK_DRIVERS: tuple[DriverSpec, ...] = (
    DriverSpec(
        "Declining and uneven international attention to Kalvaria",
        INTL,
        _p("""Funding for the Agreement's implementation falls year on year and the Council
        discusses Kalvaria only at mandate renewal."""),
        "Council presidential statements; AU-UN annual consultations; the donor round table.",
        "A joint AU-ECCAS-UN envoys' visit to Marovo before the mandate renewal.",
        ("O1",),
    ),
    DriverSpec(
        "Cross-border movement of armed elements, arms and gold",
        REGIONAL,
        _p("""Armed elements and gold move freely between Karsh, Tembara and Sadaro, giving
        groups that left the Agreement a rear base and an income."""),
        "Tembara's interest in border trade revenue; ECCAS protocol on arms control.",
        "The tripartite commission; joint border patrols at the Mboro crossing.",
        ("O1", "O2.1"),
    ),
    DriverSpec(
        "Unregulated cross-border transhumance",
        REGIONAL,
        _p("""Herders from Tembara cross into Upper Tessa earlier each year, with armed escorts,
        along corridors that farming communities never agreed."""),
        "Livestock markets; the ECCAS transhumance protocol.",
        "Pre-season corridor agreements negotiated by the local peace committees.",
        ("O2.2", "O1"),
    ),
    DriverSpec(
        "Exclusion of the north-east and the opposition from power and revenue",
        NATIONAL,
        _p("""Power-sharing under the Agreement benefits the signatory groups; the north-east
        and the opposition see the peace as a deal that excludes them."""),
        "The Presidency's need for an inclusive process ahead of 2028.",
        "Electoral calendar consultations; seats for civil society in the Committee.",
        ("O2", "O3"),
    ),
    DriverSpec(
        "Impunity for serious crimes by armed groups and national forces",
        NATIONAL,
        "Perpetrators on all sides go unpunished, so violence keeps paying.",
        "Donor support to the Special Criminal Chamber; the Council's sanctions regime.",
        "The first trials before the Special Criminal Chamber.",
        ("O5",),
    ),
    DriverSpec(
        "Armed control of artisanal gold and diamond sites in the Karsh Plateau",
        LOCAL,
        _p("""Mining sites finance the KLF and local militias and make control of territory
        worth fighting for."""),
        "Traders' need for certified exports; customary landowners.",
        "Redeployment of mining administration with the prefects; site certification.",
        ("O2.1", "O4"),
    ),
    # Unaddressed on purpose: the finding the next review should take up.
    DriverSpec(
        "Recruitment of unemployed young men by armed groups in Upper Tessa",
        LOCAL,
        _p("""With no work and no schooling, young men join the militias for pay and status;
        recruitment rises after each harvest."""),
        "Community violence reduction funds; churches and mosques; traditional leaders.",
        "Youth employment pilots linked to the local peace committees.",
    ),
)

_UNSMK_EXIT_CONDITIONS: tuple[ExitSpec, ...] = (
    ExitSpec(
        POLITICAL,
        _p("""The follow-up mechanisms of the Marovo Agreement meet regularly and resolve
        disputes without UNSMK facilitation."""),
        PARTLY_MET,
        _p("""The Committee met monthly this year but decided only 2 of 5 disputes; the KLF has
        suspended its participation."""),
    ),
    ExitSpec(
        POLITICAL,
        _p("""General elections are held in 2028 and their results are accepted by the main
        parties."""),
        NOT_MET,
    ),
    ExitSpec(
        POLITICAL,
        _p("""A prefect and a functioning administration are present in every prefecture of
        Karsh and Upper Tessa."""),
        PARTLY_MET,
        "7 of 14 prefectures and sub-prefectures (latest reading of the O4 marker).",
    ),
    ExitSpec(
        SECURITY,
        _p("""Signatory armed groups are disarmed and demobilized or integrated, and no armed
        group controls a mining site."""),
        NOT_MET,
        "3,140 combatants demobilized of 6,500; 17 of 41 mining sites still under armed control.",
    ),
    ExitSpec(
        SECURITY,
        _p("""National defence and internal security forces protect civilians in Karsh and
        Upper Tessa, and are held to account for abuses."""),
        NOT_MET,
    ),
    ExitSpec(
        SECURITY,
        "The cessation of hostilities in the Lake Dunai corridor holds for 12 consecutive months.",
        MET,
        "14 consecutive months without a violation recorded by the joint ceasefire committee.",
    ),
)

_JMAC = "Quarterly political and security assessment; JMAC reporting."
_UNSMK_PEOPLE = ("hom", "chief", "editor", "lead")
ON_TRACK, AT_RISK, OFF_TRACK, STALLED, ACHIEVED = (
    Progress.ON_TRACK,
    Progress.AT_RISK,
    Progress.OFF_TRACK,
    Progress.STALLED,
    Progress.ACHIEVED,
)
STRONG, SOME = ContributionAssessment.Strength.STRONG, ContributionAssessment.Strength.SOME

_UNSMK_REVIEWS: tuple[ReviewSpec, ...] = (
    ReviewSpec(
        periods_ago=3,
        status=Review.Status.SIGNED_OFF,
        led_by="chief",
        signed_off_by="hom",
        participants=_UNSMK_PEOPLE,
        evidence=_JMAC,
        summary=_paras("""
        The Agreement's first year ended with its mechanisms meeting but the Karsh Plateau still
        violent: cross-border movements from Tembara and reprisals between farming and herding
        communities drive the killings, not the signatory groups.

        Decisions: bring the settlement of local disputes (O2.2) forward to the first phase;
        keep O2 as the first priority.
        """),
        ratings=(
            RatingSpec("O1", AT_RISK, "Armed elements still cross from Tembara at Mboro."),
            RatingSpec("O2", ON_TRACK, "The Committee decided two disputes by consensus."),
            RatingSpec("O2.1", AT_RISK, "Cantonment sites ready; no group has sent combatants."),
            RatingSpec("O2.2", AT_RISK, "Reprisals in Upper Tessa after the transhumance."),
            RatingSpec("O3", ON_TRACK, "The parties agreed to negotiate the calendar."),
            RatingSpec("O5", AT_RISK, "The Special Criminal Chamber's first trial postponed."),
            RatingSpec("O6", ON_TRACK, "Eight months without a violation."),
        ),
        strengths=(
            StrengthSpec(
                "Civil Affairs Section",
                "O2.2",
                SOME,
                "Two committees convened; neither reached an agreement yet.",
                "lead",
            ),
            StrengthSpec(
                "Force",
                "O2.1",
                SOME,
                "Cantonment sites secured and ready to receive combatants.",
                "chief",
            ),
        ),
        decisions=(
            DecisionSpec(
                Decision.Kind.ADJUST,
                "O2.2",
                _p("""Local reprisals, not the signatory groups, now drive the killings in
                Karsh: settling local disputes cannot wait for the national process."""),
                "O2.2 adjusted: phase.",
                {"phase": 1},
            ),
            DecisionSpec(
                Decision.Kind.KEEP,
                "O2",
                "The Agreement's mechanisms work; the Committee stays the forum for disputes.",
                "O2 kept as it is.",
            ),
        ),
    ),
    ReviewSpec(
        periods_ago=2,
        status=Review.Status.SIGNED_OFF,
        led_by="chief",
        signed_off_by="hom",
        participants=_UNSMK_PEOPLE,
        evidence=_JMAC,
        summary=_paras("""
        The guarantors spoke with one voice for the first time, and local committees reached
        three agreements in Karsh. The electoral calendar is slipping: the opposition ties it
        to the security arrangements.

        Decisions: sequence the electoral path (O3) after the security arrangements, in the
        second phase; keep O2.1 while the integration quotas are negotiated.
        """),
        ratings=(
            RatingSpec("O1", ON_TRACK, "First joint AU-ECCAS-UN communiqué on the Agreement."),
            RatingSpec("O2", ON_TRACK, "Disputes referred to the Committee, not settled by arms."),
            RatingSpec("O2.1", AT_RISK, "Integration quotas under negotiation; few combatants."),
            RatingSpec("O2.2", ON_TRACK, "Three local agreements reached; all holding."),
            RatingSpec("O3", AT_RISK, "The opposition ties the calendar to security provisions."),
            RatingSpec("O5", AT_RISK, "One trial opened; none against national forces."),
            RatingSpec("O6", ON_TRACK, "Eleven months without a violation."),
        ),
        strengths=(
            StrengthSpec(
                "Civil Affairs Section",
                "O2.2",
                STRONG,
                "All three of the quarter's local agreements came from committees it convened.",
                "lead",
            ),
            StrengthSpec(
                "Force",
                "O2.1",
                SOME,
                "Escorted the first group of combatants to Bossa cantonment site.",
                "chief",
            ),
        ),
        decisions=(
            DecisionSpec(
                Decision.Kind.ADJUST,
                "O3",
                _p("""No party will agree a calendar before the security arrangements are
                settled: the electoral path follows them, in the second phase."""),
                "O3 adjusted: phase.",
                {"phase": 2},
            ),
            DecisionSpec(
                Decision.Kind.KEEP,
                "O2.1",
                "The quotas are being negotiated in good faith; no reason to change course yet.",
                "O2.1 kept as it is.",
            ),
        ),
    ),
    ReviewSpec(
        periods_ago=1,
        status=Review.Status.SIGNED_OFF,
        led_by="chief",
        signed_off_by="hom",
        participants=_UNSMK_PEOPLE,
        evidence=_JMAC,
        summary=_paras("""
        The peace process held but did not advance: the Executive Monitoring Committee
        decided two of five disputes and lost the KLF, so the assumption that it decides
        by consensus is now rated broken. Tembara's closure of the Mboro crossing is the
        quarter's main political gain.

        Decisions: keep O2 as the first priority and work through the guarantors to
        bring the KLF back; add O4 on the return of State authority to Karsh, which
        the mandate's paragraph 30 (a) served without any objective; ask the Justice
        and Corrections Section to state its contribution before the next review.
        """),
        ratings=(
            RatingSpec("O1", ON_TRACK, "Tembara closed the Mboro crossing to armed elements."),
            RatingSpec("O2", AT_RISK, "KLF suspended its participation in the Committee."),
            RatingSpec("O2.1", OFF_TRACK, "Integration quotas contested; cantonment stalled."),
            RatingSpec("O2.2", ON_TRACK, "Three new local agreements; seven of nine holding."),
            RatingSpec("O3", STALLED, "No agreement on the calendar; opposition boycott."),
            RatingSpec("O5", AT_RISK, "Ministry of Defence refuses to hand over two officers."),
            RatingSpec("O6", ACHIEVED, "Fourteen months without a violation."),
        ),
        strengths=(
            StrengthSpec(
                "Civil Affairs Section",
                "O2.2",
                STRONG,
                "Three of the quarter's local agreements were reached in committees it convened.",
                "lead",
            ),
            StrengthSpec(
                "Force",
                "O2.1",
                SOME,
                "Cantonment sites secured, but no group has yet sent combatants to them.",
                "chief",
            ),
        ),
        decisions=(
            DecisionSpec(
                Decision.Kind.KEEP,
                "O2",
                "The Agreement remains the framework; the guarantors work to bring the KLF back.",
                "O2 kept as it is.",
            ),
            DecisionSpec(
                Decision.Kind.ADD,
                "O4",
                _p("""Paragraph 30 (a) of the mandate was served by no objective; the return of
                State authority to Karsh is now the political question on which the security
                gains depend."""),
                "O4 added.",
                {
                    "code": "O4",
                    "title": (
                        "State authority returns to the Karsh Plateau on terms local "
                        "communities accept"
                    ),
                },
            ),
        ),
    ),
    ReviewSpec(
        periods_ago=0,
        status=Review.Status.PLANNED,
        led_by="chief",
        participants=("chief", "editor", "lead"),
    ),
)

UNSMK = MissionSpec(
    acronym=MAIN_ACRONYM,
    name="United Nations Stabilization Mission in Kalvaria",
    kind=Mission.Kind.PEACEKEEPING,
    host_country="Kalvaria",
    headquarters="Marovo",
    time_zone="Africa/Bangui",
    established_on=date(2019, 4, 10),
    review_cadence_months=3,
    end_state=_p("""A Kalvaria in which the Marovo Peace and Reconciliation Agreement is
    implemented through a nationally owned and inclusive political process; armed groups no
    longer contest State authority or control natural resources; civilians are protected by
    accountable national security and justice institutions; and the 2028 general elections
    produce a government whose legitimacy the main parties accept. These are the conditions
    under which UNSMK can draw down and hand over to the United Nations country team."""),
    horizon="End of 2029",
    end_state_adopted_days_ago=420,
    mandate=MandateSpec(
        symbol="S/RES/2812 (2026)",
        adopted_days_ago=185,
        expires_in_days=180,
        chapter_vii=True,
        strategic_objectives=_p("""Decides that the strategic priority of UNSMK is to support
        the creation of the political, security and institutional conditions conducive to the
        sustainable reduction of the presence of, and threat posed by, armed groups through a
        comprehensive approach, and to support the implementation of the Marovo Peace and
        Reconciliation Agreement as the framework for a nationally owned, inclusive and lasting
        peace in Kalvaria; and further decides that, in pursuit of this strategic priority,
        UNSMK shall give priority to the protection of civilians and to its good offices in
        support of the peace process, including the progressive extension of State authority,
        in the lead-up to the 2028 general elections;"""),
        preamble=_paras("""
        Reaffirming its strong commitment to the sovereignty, independence, unity and
        territorial integrity of the Republic of Kalvaria, and recalling the importance of the
        principles of non-interference, good-neighbourliness and regional cooperation,

        Welcoming the signing in Marovo on 6 February 2023 of the Peace and Reconciliation
        Agreement in Kalvaria (the Marovo Agreement) between the Government of Kalvaria and
        fourteen armed groups, under the auspices of the African Union and with the support of
        the Economic Community of Central African States (ECCAS), and stressing that its
        implementation remains the only path to lasting peace,

        Expressing grave concern at the continued violence in the Karsh Plateau and Upper Tessa
        prefectures, including attacks against civilians, humanitarian actors and peacekeepers,
        and at the illicit exploitation of and trafficking in natural resources that finances
        armed groups,

        Determining that the situation in Kalvaria continues to constitute a threat to
        international peace and security in the region,

        Acting under Chapter VII of the Charter of the United Nations,
        """),
        source=_p("""Illustrative resolution written for this demo, modelled on recent
        Security Council mandates; not a real Security Council document."""),
        tasks=_UNSMK_TASKS,
        opening=(
            "27. Decides to extend the mandate of UNSMK until {expires};",
            "28. {strategic_objectives}",
        ),
    ),
    objectives=_UNSMK_OBJECTIVES,
    components=_UNSMK_COMPONENTS,
    stakeholders=_UNSMK_STAKEHOLDERS,
    drivers=_UNSMK_DRIVERS,
    exit_conditions=_UNSMK_EXIT_CONDITIONS,
    members=(
        ("hom", Role.HEAD_OF_MISSION, None),
        ("chief", Role.CHIEF_OF_STAFF, None),
        ("editor", Role.STRATEGY_EDITOR, None),
        ("lead", Role.COMPONENT_LEAD, "Civil Affairs Section"),
        ("desk", Role.DESK_OFFICER, None),
        ("viewer", Role.VIEWER, None),
    ),
    reviews=_UNSMK_REVIEWS,
)

# ---------------------------------------------------------------------------------------------
# Lighter missions on the desk officer's desk
# ---------------------------------------------------------------------------------------------

# On autopilot: two reviews that kept everything as it was, the next one opened and never
# concluded, and no strategy ever approved.
_UNOVB_SAME = (
    RatingSpec("O1", AT_RISK, "ECCAS early-warning centre still awaits its funding."),
    RatingSpec("O2", AT_RISK, "The joint border commission has not met."),
    RatingSpec("O3", ON_TRACK, "Networks attended the ECCAS prevention forum."),
)
_UNOVB_KEEP = (
    DecisionSpec(Decision.Kind.KEEP, "O1", "No change in the region.", "O1 kept as it is."),
    DecisionSpec(Decision.Kind.KEEP, "O2", "No change in the region.", "O2 kept as it is."),
)
_UNOVB_REVIEWS: tuple[ReviewSpec, ...] = (
    ReviewSpec(
        periods_ago=3,
        status=Review.Status.CONCLUDED,
        summary="No significant change in the region. Objectives kept.",
        ratings=_UNOVB_SAME,
        decisions=_UNOVB_KEEP,
    ),
    ReviewSpec(
        periods_ago=2,
        status=Review.Status.CONCLUDED,
        summary="No significant change since the last review. Objectives kept.",
        ratings=_UNOVB_SAME,
        decisions=_UNOVB_KEEP,
    ),
    ReviewSpec(periods_ago=1, status=Review.Status.OPEN),
    ReviewSpec(periods_ago=0, status=Review.Status.PLANNED),
)

UNOVB = MissionSpec(
    acronym="UNOVB",
    name="United Nations Regional Office for the Varo Basin",
    kind=Mission.Kind.SPECIAL_POLITICAL,
    host_country="Tembara",
    headquarters="Port Amalie",
    time_zone="Africa/Libreville",
    established_on=date(2016, 3, 1),
    review_cadence_months=6,
    end_state=_p("""The States of the Varo Basin prevent and manage cross-border threats (armed
    groups, trafficking and transhumance conflict) through their own mechanisms, with ECCAS in
    the lead and United Nations good offices needed only on request."""),
    horizon="2030",
    end_state_adopted_days_ago=300,
    mandate=MandateSpec(
        symbol="S/2026/311",
        adopted_days_ago=200,
        expires_in_days=900,
        chapter_vii=False,
        strategic_objectives=_p("""The Office shall carry out good offices on behalf of the
        Secretary-General to prevent conflict and sustain peace in the Varo Basin, and support
        ECCAS and its member States in addressing cross-border threats."""),
        preamble="",
        source=_p("""Illustrative exchange of letters between the Secretary-General and the
        President of the Security Council, written for this demo."""),
        tasks=(
            TaskSpec(
                "(a)",
                _p("""To monitor political developments in the Varo Basin and carry out good
                offices on behalf of the Secretary-General, including to prevent conflict and
                sustain peace;"""),
                ("O1", "O2"),
            ),
            TaskSpec(
                "(b)",
                _p("""To support ECCAS and the States of the Varo Basin in strengthening their
                capacities for early warning, mediation and the prevention of cross-border
                threats;"""),
                ("O1",),
            ),
            TaskSpec(
                "(c)",
                _p("""To promote coherence among the United Nations presences in the Varo Basin,
                including UNSMK and UNISFD, and a regional approach to cross-border issues;"""),
                ("O1",),
            ),
            TaskSpec(
                "(d)",
                _p("""To support regional efforts to regulate transhumance and prevent related
                conflicts, in cooperation with ECCAS;"""),
                ("O2",),
            ),
            TaskSpec(
                "(e)",
                _p("""To support national and regional efforts to counter illicit trafficking in
                arms and natural resources;"""),
            ),
            TaskSpec(
                "(f)",
                _p("""To promote the full, equal and meaningful participation of women and young
                people in political processes in the sub-region;"""),
                ("O3",),
            ),
        ),
    ),
    objectives=(
        ObjectiveSpec(
            "O1",
            "ECCAS leads a common regional approach to cross-border threats",
            (REGIONAL,),
            "ECCAS early warning turns into decisions by its member States.",
            priority=Priority.HIGH,
            assumptions=(("ECCAS member States fund the early-warning centre.", STRAIN),),
            markers=(
                MarkerSpec(
                    "ECCAS early-warning alerts taken up by member States within 30 days",
                    "None in 2024",
                    "Every alert",
                    "3 of 5 alerts",
                    40,
                ),
            ),
        ),
        ObjectiveSpec(
            "O2",
            "Tembara and Sadaro manage transhumance and border incidents bilaterally",
            (REGIONAL, NATIONAL),
            "The joint border commission meets and settles incidents before they escalate.",
            priority=Priority.HIGH,
            assumptions=(("Sadaro's new government keeps the commission alive.", STRAIN),),
            markers=(
                MarkerSpec(
                    "Meetings of the Tembara-Sadaro joint border commission",
                    "None since 2023",
                    "Two a year",
                    "One, at the SRSG's invitation",
                    70,
                ),
            ),
        ),
        ObjectiveSpec(
            "O3",
            "Women's and youth networks shape regional prevention agendas",
            (REGIONAL, LOCAL),
            "Regional and local networks are heard where early-warning decisions are made.",
            priority=Priority.LOW,
            phase=2,
            assumptions=(("Networks can travel across borders safely.", HOLDS),),
        ),
    ),
    components=(
        ComponentSpec(
            "Political Affairs Unit",
            Component.Kind.CIVILIAN,
            "Chief, Political Affairs Unit",
            (
                ContributionSpec(
                    "O1",
                    LEAD,
                    "Supports the ECCAS early-warning centre in turning alerts into decisions.",
                ),
                ContributionSpec(
                    "O2",
                    LEAD,
                    "Prepares the SRSG's shuttle diplomacy between Port Amalie and Sadaro City.",
                ),
            ),
        ),
        ComponentSpec(
            "Gender and Youth Unit",
            Component.Kind.CIVILIAN,
            "Senior Gender Adviser",
            (
                ContributionSpec(
                    "O3",
                    LEAD,
                    "Brings women mediators into the early-warning consultations.",
                ),
            ),
        ),
    ),
    stakeholders=(
        StakeholderSpec(
            "ECCAS Commission",
            SK.SUBREGIONAL_ORG,
            REGIONAL,
            HIGH,
            "",
            (PositionSpec("O1", SUPPORTS, 30, "Asked for support to its early-warning centre."),),
        ),
        StakeholderSpec(
            "Government of Tembara",
            SK.HOST_GOVERNMENT,
            NATIONAL,
            HIGH,
            "Host State of the Office.",
            (PositionSpec("O2", SUPPORTS, 50),),
        ),
        StakeholderSpec(
            "Government of Sadaro",
            SK.NEIGHBOURING_STATE,
            REGIONAL,
            HIGH,
            "New government; reviewing its border policy.",
            (PositionSpec("O2", AMBIVALENT, 50, "Has not named its commissioners yet."),),
        ),
        StakeholderSpec(
            "Varo Basin Women Mediators' Network",
            SK.CIVIL_SOCIETY,
            REGIONAL,
            LOW,
            "",
            (PositionSpec("O3", SUPPORTS, 20),),
        ),
    ),
    drivers=(
        DriverSpec(
            "Competition over grazing and water along the Tembara-Sadaro border",
            REGIONAL,
            "Drought pushes herders further south each year.",
            "Livestock trade revenue for both States.",
            "The joint border commission.",
            ("O2",),
        ),
    ),
    exit_conditions=(
        ExitSpec(
            POLITICAL,
            "The ECCAS early-warning mechanism is operational and used by member States.",
            PARTLY_MET,
            "3 of 5 alerts taken up this year.",
        ),
        ExitSpec(
            SECURITY,
            "Cross-border attacks linked to transhumance decline for two consecutive seasons.",
            NOT_MET,
        ),
    ),
    members=(("desk", Role.DESK_OFFICER, None),),
    reviews=_UNOVB_REVIEWS,
)

# Healthy: last quarter's review recalibrated the strategy and a version followed it.
_UNISFD_REVIEWS: tuple[ReviewSpec, ...] = (
    ReviewSpec(
        periods_ago=1,
        status=Review.Status.SIGNED_OFF,
        led_by="lindqvist",
        signed_off_by="lindqvist",
        participants=("lindqvist",),
        summary=_paras("""
        The migration season ended on agreed routes and without a killing, the first time
        since 2022. Talks on the final status have not resumed: the Joint Oversight Committee
        met once at ministerial level.

        Decisions: the Dorrah Police Service cannot take over before both parties second
        officers, so it moves to the second phase; keep O1 and ask the guarantors to press
        both capitals.
        """),
        ratings=(
            RatingSpec("O1", AT_RISK, "The Committee met once at ministerial level."),
            RatingSpec("O2", ON_TRACK, "112 community police officers deployed."),
            RatingSpec("O3", ON_TRACK, "Migration season concluded on agreed routes."),
        ),
        decisions=(
            DecisionSpec(
                Decision.Kind.ADJUST,
                "O2",
                "Both parties must second officers before the police service takes over.",
                "O2 adjusted: phase.",
                {"phase": 2},
            ),
            DecisionSpec(
                Decision.Kind.KEEP,
                "O1",
                "Talks remain the only way to a final status; the guarantors press both sides.",
                "O1 kept as it is.",
            ),
        ),
    ),
    ReviewSpec(periods_ago=0, status=Review.Status.PLANNED),
)

UNISFD = MissionSpec(
    acronym="UNISFD",
    name="United Nations Interim Security Force for Dorrah",
    kind=Mission.Kind.PEACEKEEPING,
    host_country="Dorrah Area (Tembara and Sadaro)",
    headquarters="Kuluma",
    time_zone="Africa/Juba",
    established_on=date(2012, 6, 27),
    review_cadence_months=3,
    end_state=_p("""Tembara and Sadaro agree on the final status of the Dorrah Area, and until
    they do, a joint interim administration and the Dorrah Police Service keep the peace
    between the Sirra herders and the Dorra farming communities."""),
    horizon="Final status agreement by 2030",
    end_state_adopted_days_ago=700,
    mandate=MandateSpec(
        symbol="S/RES/2787 (2025)",
        # Expires soon: the "mandate about to expire" finding on desk's portfolio.
        adopted_days_ago=327,
        expires_in_days=38,
        chapter_vii=True,
        strategic_objectives=_p("""Decides that the strategic objective of UNISFD is to support
        the demilitarization of the Dorrah Area and the peaceful coexistence of its communities
        pending agreement between Tembara and Sadaro on its final status;"""),
        preamble=_paras("""
        Reaffirming its commitment to the sovereignty, independence, unity and territorial
        integrity of Tembara and Sadaro,

        Acting under Chapter VII of the Charter of the United Nations,
        """),
        source="Illustrative resolution written for this demo; not a real Council document.",
        tasks=(
            TaskSpec(
                "2",
                _p("""Decides that UNISFD shall, within its capabilities and areas of
                deployment, carry out the following tasks:"""),
                ("O2", "O3"),
                priority=True,
            ),
            TaskSpec(
                "2 (a)",
                _p("""To monitor and verify the redeployment of any Tembaran and Sadaran armed
                forces from the Dorrah Area, which shall remain demilitarized other than for
                UNISFD and the Dorrah Police Service;"""),
                ("O1",),
                priority=True,
            ),
            TaskSpec(
                "2 (b)",
                _p("""To participate in the Joint Oversight Committee and facilitate liaison
                between the parties;"""),
                ("O1", "O2"),
                priority=True,
            ),
            TaskSpec(
                "2 (c)",
                _p("""To protect civilians in the Dorrah Area under imminent threat of physical
                violence, irrespective of the source of such violence;"""),
                ("O3",),
                priority=True,
            ),
            TaskSpec(
                "2 (d)",
                _p("""To support community dialogue and traditional peace conferences between
                the Sirra and Dorra communities, including over the seasonal migration;"""),
                ("O3",),
                priority=True,
            ),
            TaskSpec(
                "3",
                _p("""Decides that UNISFD shall support the operational activities of the Joint
                Border Verification and Monitoring Mechanism;"""),
            ),
            TaskSpec(
                "4",
                _p("""Requests UNISFD to support the establishment of the Dorrah Police Service,
                including through training and co-location;"""),
                ("O2",),
                phase=2,
            ),
        ),
        opening=("1. Decides to extend the mandate of UNISFD until {expires};",),
    ),
    objectives=(
        ObjectiveSpec(
            "O1",
            "Tembara and Sadaro resume talks on the final status of Dorrah",
            (REGIONAL, NATIONAL),
            "The Joint Oversight Committee meets at political level and agrees an agenda.",
            priority=Priority.HIGH,
            assumptions=(("Both capitals see a cost in the status quo.", STRAIN),),
            markers=(
                MarkerSpec(
                    "Joint Oversight Committee meetings at ministerial level",
                    "None in 2024",
                    "Quarterly",
                    "One, postponed twice",
                    35,
                ),
            ),
        ),
        ObjectiveSpec(
            "O2",
            "The joint interim administration and the Dorrah Police Service function",
            (NATIONAL, LOCAL),
            "Communities report incidents to the Dorrah Police Service rather than retaliating.",
            priority=Priority.HIGH,
            phase=2,
            assumptions=(("Both parties second officers to the police service.", HOLDS),),
            markers=(
                MarkerSpec(
                    "Community police officers deployed",
                    "40",
                    "300",
                    "112",
                    21,
                ),
            ),
        ),
        ObjectiveSpec(
            "O3",
            "Sirra and Dorra communities settle migration and grazing disputes peacefully",
            (LOCAL,),
            "Traditional peace conferences set migration routes before each season.",
            priority=Priority.MEDIUM,
            assumptions=(("Traditional leaders keep authority over the youth.", STRAIN),),
            markers=(
                MarkerSpec(
                    "Migration season concluded with an agreed route and no killing",
                    "Not achieved in 2024",
                    "Every season",
                    "Achieved this season",
                    90,
                ),
            ),
        ),
    ),
    components=(
        ComponentSpec(
            "Force",
            Component.Kind.MILITARY,
            "Head of Mission and Force Commander",
            (
                ContributionSpec(
                    "O1",
                    SUPPORT,
                    "Verified demilitarization gives both capitals a reason to talk, not fight.",
                ),
                ContributionSpec("O3", SUPPORT, "Escorts the migration along the agreed routes."),
            ),
        ),
        ComponentSpec(
            "United Nations Police",
            Component.Kind.POLICE,
            "Senior Police Adviser",
            (
                ContributionSpec(
                    "O2",
                    LEAD,
                    "Co-locates with the Dorrah Police Service so that communities trust it.",
                ),
            ),
        ),
        ComponentSpec(
            "Community Liaison Section",
            Component.Kind.CIVILIAN,
            "Chief, Community Liaison Section",
            (
                ContributionSpec(
                    "O3", LEAD, "Convenes the traditional peace conferences before each season."
                ),
                ContributionSpec("O2", SUPPORT, "Carries community complaints to the police."),
            ),
        ),
    ),
    stakeholders=(
        StakeholderSpec(
            "Government of Tembara (Dorrah file)",
            SK.HOST_GOVERNMENT,
            NATIONAL,
            HIGH,
            "",
            (PositionSpec("O1", AMBIVALENT, 35),),
        ),
        StakeholderSpec(
            "Government of Sadaro (Dorrah file)",
            SK.HOST_GOVERNMENT,
            NATIONAL,
            HIGH,
            "",
            (PositionSpec("O1", AMBIVALENT, 35, "New government has not named its co-chair."),),
        ),
        StakeholderSpec(
            "African Union Peace and Security Council",
            SK.REGIONAL_ORG,
            REGIONAL,
            MEDIUM,
            "",
            (PositionSpec("O1", SUPPORTS, 60),),
        ),
        StakeholderSpec(
            "Dorra Paramount Chiefs' Council",
            SK.LOCAL_AUTHORITY,
            LOCAL,
            MEDIUM,
            "",
            (PositionSpec("O3", SUPPORTS, 20), PositionSpec("O2", SUPPORTS, 20)),
        ),
    ),
    drivers=(
        DriverSpec(
            "Unresolved final status of the Dorrah Area",
            NATIONAL,
            "Both States claim Dorrah and its oil field.",
            "Shared oil revenue; AU mediation.",
            "The Joint Oversight Committee.",
            ("O1",),
        ),
        DriverSpec(
            "Seasonal migration of Sirra herders through Dorra farmland",
            LOCAL,
            "",
            "Traditional leaders on both sides.",
            "Pre-season peace conferences.",
            ("O3",),
        ),
    ),
    exit_conditions=(
        ExitSpec(
            POLITICAL,
            "Tembara and Sadaro sign an agreement on the final status of Dorrah.",
            NOT_MET,
            "No talks at political level since 2024.",
        ),
        ExitSpec(
            SECURITY,
            "The Dorrah Police Service maintains law and order across the Area.",
            NOT_MET,
        ),
    ),
    members=(
        ("desk", Role.DESK_OFFICER, None),
        ("lindqvist", Role.HEAD_OF_MISSION, None),
    ),
    reviews=_UNISFD_REVIEWS,
    versions=(
        VersionSpec(
            "lindqvist",
            7,
            "The strategy as recalibrated by the third-quarter review: police service in phase 2.",
        ),
    ),
)

# ---------------------------------------------------------------------------------------------
# A mission on someone else's desk: the desk officer must not see it
# ---------------------------------------------------------------------------------------------

UNVMS = MissionSpec(
    acronym="UNVMS",
    name="United Nations Verification Mission in Serrania",
    kind=Mission.Kind.SPECIAL_POLITICAL,
    host_country="Serrania",
    headquarters="Villa Aurora",
    time_zone="America/Bogota",
    established_on=date(2017, 9, 26),
    review_cadence_months=3,
    end_state=_p("""The Final Agreement between the Government of Serrania and the former
    Frente Popular de Liberación de Serrania (FPLS) is implemented in the territories most
    affected by the conflict: former combatants are reintegrated and safe, and the State is
    present in the municipalities the Agreement prioritized."""),
    horizon="End of 2028",
    end_state_adopted_days_ago=500,
    mandate=MandateSpec(
        symbol="S/RES/2799 (2026)",
        adopted_days_ago=60,
        expires_in_days=305,
        chapter_vii=False,
        strategic_objectives=_p("""Decides that the Verification Mission shall continue to
        verify the implementation of the Final Agreement in support of a lasting peace in
        Serrania;"""),
        preamble="",
        source="Illustrative resolution written for this demo; not a real Council document.",
        tasks=(
            TaskSpec(
                "2",
                _p("""Decides that the Mission shall verify the reintegration of former
                combatants and the security guarantees for them, their families and
                communities;"""),
                ("O1", "O2"),
                priority=True,
            ),
            TaskSpec(
                "3",
                _p("""Decides that the Mission shall verify the implementation of the ethnic
                chapter of the Final Agreement;"""),
                ("O2",),
            ),
            TaskSpec(
                "4",
                _p("""Decides that the Mission shall verify compliance with and implementation
                of the sentences issued by the Special Jurisdiction for Peace;"""),
                ("O3",),
            ),
        ),
    ),
    objectives=(
        ObjectiveSpec(
            "O1",
            "Former combatants' reintegration advances and they are protected",
            (NATIONAL, LOCAL),
            "",
            priority=Priority.HIGH,
            assumptions=(("Land for collective projects is titled.", STRAIN),),
            markers=(
                MarkerSpec(
                    "Former combatants in productive projects",
                    "62%",
                    "85%",
                    "71%",
                    30,
                ),
            ),
        ),
        ObjectiveSpec(
            "O2",
            "Security guarantees reach the prioritized municipalities",
            (LOCAL,),
            "",
            priority=Priority.HIGH,
            assumptions=(("The national protection unit is funded.", HOLDS),),
            markers=(
                MarkerSpec(
                    "Killings of former combatants in the year",
                    "41",
                    "0",
                    "29",
                    30,
                ),
            ),
        ),
        ObjectiveSpec(
            "O3",
            "Restorative sentences are implemented with victims' participation",
            (NATIONAL,),
            "",
            priority=Priority.MEDIUM,
            phase=2,
        ),
    ),
    components=(
        ComponentSpec(
            "Reintegration Verification Unit",
            Component.Kind.CIVILIAN,
            "Chief, Reintegration",
            (
                ContributionSpec(
                    "O1", LEAD, "Verification reports keep reintegration on the agenda."
                ),
            ),
        ),
        ComponentSpec(
            "Security Guarantees Verification Unit",
            Component.Kind.CIVILIAN,
            "Chief, Security Guarantees",
            (ContributionSpec("O2", LEAD, "Alerts from the field reach the protection unit."),),
        ),
    ),
    stakeholders=(
        StakeholderSpec(
            "Office of the High Commissioner for Peace (Serrania)",
            SK.HOST_GOVERNMENT,
            NATIONAL,
            HIGH,
            "",
            (PositionSpec("O1", SUPPORTS, 30),),
        ),
        StakeholderSpec(
            "Partido de la Reconciliación (former FPLS)",
            SK.PARTY,
            NATIONAL,
            MEDIUM,
            "",
            (PositionSpec("O2", SUPPORTS, 30, "Demands faster protection measures."),),
        ),
        StakeholderSpec(
            "Ethnic Peace Commission",
            SK.CIVIL_SOCIETY,
            NATIONAL,
            MEDIUM,
            "",
            (PositionSpec("O3", SUPPORTS, 45),),
        ),
    ),
    drivers=(),
    exit_conditions=(
        ExitSpec(
            POLITICAL,
            "Reintegration programmes are run by national institutions without verification.",
            PARTLY_MET,
            "71% of former combatants in productive projects.",
        ),
    ),
    members=(("observer", Role.VIEWER, None),),
    reviews=(ReviewSpec(periods_ago=0, status=Review.Status.PLANNED),),
)

MISSIONS: tuple[MissionSpec, ...] = (UNSMK, UNOVB, UNISFD, UNVMS)
DEMO_ACRONYMS: tuple[str, ...] = tuple(spec.acronym for spec in MISSIONS)


# ---------------------------------------------------------------------------------------------
# The service
# ---------------------------------------------------------------------------------------------


class _Seeder:
    """Writes the demo with natural-key upserts, saving only what differs.

    Without ``reset`` an existing row is left exactly as it is (people may have edited it).
    """

    def __init__(self, today: date, *, reset: bool = False) -> None:
        self.today = today
        self.reset = reset
        self.created: Counter[str] = Counter()
        self.updated: Counter[str] = Counter()
        self.users: dict[str, Any] = {}

    def days_ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def upsert(
        self, model: type[models.Model], lookup: dict[str, Any], values: dict[str, Any]
    ) -> Any:
        """``update_or_create`` that writes nothing when nothing changed (no history event)."""
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            # Lookups such as ``superseded_on__isnull`` select rows; they are not field values.
            fields = {k: v for k, v in lookup.items() if "__" not in k}
            obj = model._default_manager.create(**{**fields, **values})
            self.created[model._meta.label] += 1
            return obj
        if not self.reset:
            return obj
        changed = []
        for name, value in values.items():
            model_field = model._meta.get_field(name)
            if model_field.many_to_one:
                current = getattr(obj, model_field.attname)
                wanted = value.pk if value is not None else None
            else:
                current, wanted = getattr(obj, name), value
            if current != wanted:
                setattr(obj, name, value)
                changed.append(name)
        if changed:
            obj.save(update_fields=changed)
            self.updated[model._meta.label] += 1
        return obj

    # People -----------------------------------------------------------------------------------

    def user(self, spec: UserSpec) -> Any:
        label = get_user_model()._meta.label
        created_before = self.created[label]
        user = self.upsert(
            get_user_model(),
            {"username": spec.username},
            {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "is_active": True,
                "is_staff": spec.is_superuser,
                "is_superuser": spec.is_superuser,
            },
        )
        created = self.created[label] > created_before
        # Hash only when needed: a fresh salt on every run would rewrite every user.
        if (created or self.reset) and not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            if not created:
                self.updated[label] += 1
        return user

    def memberships(self, missions: dict[str, Mission]) -> None:
        """Exactly the planned roles for demo people on the demo missions given; nothing else."""
        planned: set[tuple[int, int]] = set()
        for spec in MISSIONS:
            if spec.acronym not in missions:
                continue
            mission = missions[spec.acronym]
            for username, role, component_name in spec.members:
                user = self.users[username]
                component = (
                    Component.objects.get(mission=mission, name=component_name)
                    if component_name
                    else None
                )
                self.upsert(
                    Membership,
                    {"user": user, "mission": mission},
                    {"role": role, "component": component},
                )
                planned.add((user.pk, mission.pk))
        extra = Membership.objects.filter(
            user__in=self.users.values(), mission__in=missions.values()
        )
        stale = [m.pk for m in extra if (m.user_id, m.mission_id) not in planned]
        if stale:
            Membership.objects.filter(pk__in=stale).delete()

    # One mission ------------------------------------------------------------------------------

    def mission(self, spec: MissionSpec) -> Mission:
        mission = self.upsert(
            Mission,
            {"acronym": spec.acronym},
            {
                "name": spec.name,
                "kind": spec.kind,
                "host_country": spec.host_country,
                "headquarters": spec.headquarters,
                "time_zone": spec.time_zone,
                "established_on": spec.established_on,
                "status": Mission.Status.ACTIVE,
                "review_cadence_months": spec.review_cadence_months,
                "is_illustrative": True,
            },
        )
        end_state = self.upsert(
            EndState,
            {"mission": mission, "superseded_on__isnull": True},
            {
                "statement": spec.end_state,
                "horizon": spec.horizon,
                "adopted_on": self.days_ago(spec.end_state_adopted_days_ago),
            },
        )
        tasks = self.mandate(mission, end_state, spec.mandate)
        objectives = self.objectives(mission, end_state, spec.objectives)
        for task_spec in spec.mandate.tasks:
            for code in task_spec.objectives:
                self.upsert(
                    TaskAlignment,
                    {"task": tasks[task_spec.reference], "objective": objectives[code]},
                    {},
                )
        self.components(mission, end_state, spec.components, objectives)
        self.stakeholders(mission, spec.stakeholders, objectives)
        for driver_spec in spec.drivers:
            driver = self.upsert(
                ConflictDriver,
                {"mission": mission, "title": driver_spec.title},
                {
                    "level": driver_spec.level,
                    "description": driver_spec.description,
                    "leverage_points": driver_spec.leverage_points,
                    "entry_points": driver_spec.entry_points,
                },
            )
            for code in driver_spec.objectives:
                self.upsert(DriverObjective, {"driver": driver, "objective": objectives[code]}, {})
        for exit_spec in spec.exit_conditions:
            self.upsert(
                ExitCondition,
                {"end_state": end_state, "description": exit_spec.description},
                {
                    "kind": exit_spec.kind,
                    "status": exit_spec.status,
                    "evidence": exit_spec.evidence,
                    "last_assessed_on": self.days_ago(45) if exit_spec.evidence else None,
                },
            )
        return mission

    def mandate(
        self, mission: Mission, end_state: EndState, spec: MandateSpec
    ) -> dict[str, MandatedTask]:
        expires_on = self.today + timedelta(days=spec.expires_in_days)
        lines = [
            line.format(
                expires=_long_date(expires_on), strategic_objectives=spec.strategic_objectives
            )
            for line in spec.opening
        ]
        lines += ["    " * task.depth + f"{task.label} {task.text}" for task in spec.tasks]
        mandate = self.upsert(
            Mandate,
            {"mission": mission, "symbol": spec.symbol},
            {
                "end_state": end_state,
                "adopted_on": self.days_ago(spec.adopted_days_ago),
                "expires_on": expires_on,
                "chapter_vii": spec.chapter_vii,
                "strategic_objectives": spec.strategic_objectives,
                "preamble": spec.preamble,
                "operative_text": "\n\n".join(lines),
                "source": spec.source,
            },
        )
        tasks: dict[str, MandatedTask] = {}
        for position, task in enumerate(spec.tasks, start=1):
            tasks[task.reference] = self.upsert(
                MandatedTask,
                {"mandate": mandate, "reference": task.reference},
                {
                    "parent": tasks[task.parent_reference] if task.parent_reference else None,
                    "position": position * 10,
                    "text": task.text,
                    "is_strategic_priority": task.priority,
                    "phase": task.phase,
                },
            )
        return tasks

    def objectives(
        self, mission: Mission, end_state: EndState, specs: tuple[ObjectiveSpec, ...]
    ) -> dict[str, Objective]:
        objectives: dict[str, Objective] = {}
        for spec in specs:
            objective = self.upsert(
                Objective,
                {"mission": mission, "code": spec.code},
                {
                    "end_state": end_state,
                    "title": spec.title,
                    "description": spec.description,
                    "levels": list(spec.levels),
                    "parent": objectives[spec.parent_code] if spec.parent_code else None,
                    "priority": spec.priority,
                    "phase": spec.phase,
                    "owner": self.users[spec.owner] if spec.owner else None,
                    "status": spec.status,
                },
            )
            objectives[spec.code] = objective
            for statement, rating in spec.assumptions:
                self.upsert(
                    Assumption, {"objective": objective, "statement": statement}, {"rating": rating}
                )
            for description, severity, mitigation in spec.risks:
                self.upsert(
                    Risk,
                    {"objective": objective, "description": description},
                    {"severity": severity, "mitigation": mitigation},
                )
            for marker in spec.markers:
                self.upsert(
                    ProgressMarker,
                    {"objective": objective, "statement": marker.statement},
                    {
                        "baseline": marker.baseline,
                        "target": marker.target,
                        "latest_reading": marker.latest_reading,
                        "reading_on": self.days_ago(marker.read_days_ago),
                    },
                )
        return objectives

    def components(
        self,
        mission: Mission,
        end_state: EndState,
        specs: tuple[ComponentSpec, ...],
        objectives: dict[str, Objective],
    ) -> None:
        for spec in specs:
            component = self.upsert(
                Component,
                {"mission": mission, "name": spec.name},
                {
                    "end_state": end_state,
                    "kind": spec.kind,
                    "lead_title": spec.lead_title,
                    "lead": self.users[spec.lead] if spec.lead else None,
                },
            )
            for contribution in spec.contributions:
                self.upsert(
                    Contribution,
                    {"component": component, "objective": objectives[contribution.objective]},
                    {"role": contribution.role, "narrative": contribution.narrative},
                )

    def stakeholders(
        self,
        mission: Mission,
        specs: tuple[StakeholderSpec, ...],
        objectives: dict[str, Objective],
    ) -> None:
        for spec in specs:
            stakeholder = self.upsert(
                Stakeholder,
                {"mission": mission, "name": spec.name},
                {
                    "kind": spec.kind,
                    "level": spec.level,
                    "influence": spec.influence,
                    "notes": spec.notes,
                },
            )
            by_objective: dict[str, list[PositionSpec]] = {}
            for position in spec.positions:
                by_objective.setdefault(position.objective, []).append(position)
            for code, history in by_objective.items():
                self.position_history(stakeholder, objectives[code], history)

    def position_history(
        self, stakeholder: Stakeholder, objective: Objective, history: list[PositionSpec]
    ) -> None:
        """Match the scripted history, newest to newest, moving dates in place.

        Dates are relative to today, so a later run shifts every row the same way; updating in
        the direction of the shift keeps ``one_position_per_day`` from colliding midway.
        """
        planned = sorted(
            ((self.days_ago(p.days_ago), p) for p in history), key=lambda pair: pair[0]
        )
        existing = list(
            StakeholderPosition.objects.filter(
                stakeholder=stakeholder, objective=objective
            ).order_by("as_of")
        )
        surplus = len(existing) - len(planned)
        if surplus > 0:
            StakeholderPosition.objects.filter(pk__in=[p.pk for p in existing[:surplus]]).delete()
            existing = existing[surplus:]
        missing = planned[: len(planned) - len(existing)]
        pairs = list(zip(existing, planned[len(missing) :], strict=True))
        if pairs and pairs[0][1][0] > pairs[0][0].as_of:
            pairs.reverse()
        for row, (as_of, spec) in pairs:
            self.upsert(
                StakeholderPosition,
                {"pk": row.pk},
                {"as_of": as_of, "stance": spec.stance, "note": spec.note},
            )
        for as_of, spec in missing:
            self.upsert(
                StakeholderPosition,
                {"stakeholder": stakeholder, "objective": objective, "as_of": as_of},
                {"stance": spec.stance, "note": spec.note},
            )

    # Reviews ----------------------------------------------------------------------------------

    def at(self, mission: Mission, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), tzinfo=ZoneInfo(mission.time_zone))

    def delete(self, queryset: models.QuerySet) -> None:
        """Delete rows the story does not have (a change, counted as such)."""
        _count, by_model = queryset.delete()
        for label, count in by_model.items():
            self.updated[label] += count

    def reviews(self, mission: Mission, spec: MissionSpec) -> list[Review]:
        """The mission's scripted reviews and no other, on the periods ``reviews.planning``
        gives, so the planner finds them already there.

        A row already on its period keeps it; the other rows move onto the periods no row
        holds (so the one-review-per-period constraint never collides midway) and rows
        beyond the script are deleted, except reviews planned for later periods: seeding
        again restores the story.
        """
        months = spec.review_cadence_months
        current = period_containing(self.today, months)
        planned: list[tuple[Period, ReviewSpec]] = []
        for script in spec.reviews:
            period = current
            for _ in range(script.periods_ago):
                period = period.preceding(months)
            planned.append((period, script))
        existing = {r.period_start: r for r in Review.objects.filter(mission=mission)}
        wanted = {period.start for period, _ in planned}
        # Reviews the planner made for later periods are its business, not the story's.
        loose = sorted(
            (
                r
                for start, r in existing.items()
                if start not in wanted
                and not (r.status == Review.Status.PLANNED and start > current.start)
            ),
            key=lambda r: r.period_start,
        )
        free = sorted(period.start for period, _ in planned if period.start not in existing)
        surplus = loose[: max(0, len(loose) - len(free))]
        if surplus:
            self.delete(Review.objects.filter(pk__in=[r.pk for r in surplus]))
        moved = dict(zip(free, loose[len(surplus) :], strict=False))
        return [
            self.review(
                mission, period, script, existing.get(period.start) or moved.get(period.start)
            )
            for period, script in planned
        ]

    def review(
        self, mission: Mission, period: Period, script: ReviewSpec, row: Review | None
    ) -> Review:
        users = self.users
        concluded = script.status in (Review.Status.CONCLUDED, Review.Status.SIGNED_OFF)
        concluded_on = min(period.end + timedelta(days=10), self.today - timedelta(days=1))
        signed_off_at = self.at(mission, concluded_on, 17) if script.signed_off_by else None
        lookup = {"pk": row.pk} if row else {"mission": mission, "period_start": period.start}
        review = self.upsert(
            Review,
            lookup,
            {
                "period_start": period.start,
                "period_end": period.end,
                "opens_on": period.opens_on,
                "due_on": period.due_on,
                "status": script.status,
                "led_by": users[script.led_by] if script.led_by else None,
                "opened_at": (
                    self.at(mission, period.opens_on, 9)
                    if script.status != Review.Status.PLANNED
                    else None
                ),
                "concluded_at": self.at(mission, concluded_on, 11) if concluded else None,
                "signed_off_at": signed_off_at,
                "signed_off_by": users[script.signed_off_by] if script.signed_off_by else None,
                "summary": script.summary,
            },
        )
        participants = {users[name].pk for name in script.participants}
        if set(review.participants.values_list("pk", flat=True)) != participants:
            review.participants.set(participants)
            self.updated["reviews.Review.participants"] += 1
        self.review_contents(mission, review, script, signed_off_at)
        return review

    def review_contents(
        self,
        mission: Mission,
        review: Review,
        script: ReviewSpec,
        signed_off_at: datetime | None,
    ) -> None:
        """Exactly the script's ratings, strengths and decisions in the review."""
        users = self.users
        objectives = {o.code: o for o in Objective.objects.filter(mission=mission)}
        chair = users[script.led_by] if script.led_by else None
        kept = [
            self.upsert(
                ObjectiveAssessment,
                {"review": review, "objective": objectives[rating.objective]},
                {
                    "progress": rating.progress,
                    "political_environment": rating.political_environment,
                    "evidence": script.evidence,
                    "assessed_by": chair,
                },
            ).pk
            for rating in script.ratings
        ]
        self.delete(ObjectiveAssessment.objects.filter(review=review).exclude(pk__in=kept))
        kept = []
        for strength in script.strengths:
            contribution = Contribution.objects.get(
                component__mission=mission,
                component__name=strength.component,
                objective=objectives[strength.objective],
            )
            kept.append(
                self.upsert(
                    ContributionAssessment,
                    {"review": review, "contribution": contribution},
                    {
                        "strength": strength.strength,
                        "evidence": strength.evidence,
                        "assessed_by": users[strength.by],
                    },
                ).pk
            )
        self.delete(ContributionAssessment.objects.filter(review=review).exclude(pk__in=kept))
        decider = users.get(script.signed_off_by or script.led_by or "")
        kept = [
            self.upsert(
                Decision,
                {
                    "review": review,
                    "kind": decision.kind,
                    "objective": objectives[decision.objective],
                },
                {
                    "rationale": decision.rationale,
                    "details": decision.details,
                    "decided_by": decider,
                    "applied_at": signed_off_at,
                    "outcome": decision.outcome if signed_off_at else "",
                },
            ).pk
            for decision in script.decisions
        ]
        self.delete(Decision.objects.filter(review=review).exclude(pk__in=kept))
        for model in (
            AssumptionAssessment,
            MarkerReading,
            ExitConditionAssessment,
            ReviewReopening,
        ):
            self.delete(model.objects.filter(review=review))

    def versions(self, mission: Mission, spec: MissionSpec, reviews: list[Review]) -> None:
        """The scripted approved versions, dated after the last concluded review. A version
        cannot change, so one whose date moved with the calendar is made again."""
        done = [r for r in reviews if r.concluded_at]
        if not spec.versions or not done:
            return
        last = max(done, key=lambda r: r.period_start)
        reviewed_on = timezone.localtime(last.concluded_at, ZoneInfo(mission.time_zone)).date()
        for number, version in enumerate(spec.versions, start=1):
            day = min(reviewed_on + timedelta(days=version.days_after_review), self.today)
            approved_at = self.at(mission, day, 16)
            by = self.users[version.approved_by]
            row = StrategyVersion.objects.filter(mission=mission, number=number).first()
            if row and (row.approved_at, row.approved_by_id, row.note) == (
                approved_at,
                by.pk,
                version.note,
            ):
                continue
            if row:
                self.delete(StrategyVersion.objects.filter(mission=mission, number__gte=number))
            StrategyVersion.objects.create(
                mission=mission,
                number=number,
                end_state=EndState.objects.get(mission=mission, superseded_on__isnull=True),
                approved_by=by,
                approved_at=approved_at,
                note=version.note,
                snapshot=strategy_snapshot(mission=mission),
            )
            self.created[StrategyVersion._meta.label] += 1


def demo_counts() -> dict[str, int]:
    """Rows of demo content, per kind, across the demo missions."""
    in_demo = {"acronym__in": DEMO_ACRONYMS}
    missions = Mission.objects.filter(**in_demo)
    usernames = [spec.username for spec in USERS]
    return {
        "users": get_user_model().objects.filter(username__in=usernames).count(),
        "missions": missions.count(),
        "memberships": Membership.objects.filter(mission__in=missions).count(),
        "end_states": EndState.objects.filter(mission__in=missions).count(),
        "exit_conditions": ExitCondition.objects.filter(end_state__mission__in=missions).count(),
        "mandates": Mandate.objects.filter(mission__in=missions).count(),
        "mandated_tasks": MandatedTask.objects.filter(mandate__mission__in=missions).count(),
        "objectives": Objective.objects.filter(mission__in=missions).count(),
        "assumptions": Assumption.objects.filter(objective__mission__in=missions).count(),
        "risks": Risk.objects.filter(objective__mission__in=missions).count(),
        "progress_markers": ProgressMarker.objects.filter(objective__mission__in=missions).count(),
        "task_alignments": TaskAlignment.objects.filter(objective__mission__in=missions).count(),
        "components": Component.objects.filter(mission__in=missions).count(),
        "contributions": Contribution.objects.filter(component__mission__in=missions).count(),
        "stakeholders": Stakeholder.objects.filter(mission__in=missions).count(),
        "stakeholder_positions": StakeholderPosition.objects.filter(
            objective__mission__in=missions
        ).count(),
        "conflict_drivers": ConflictDriver.objects.filter(mission__in=missions).count(),
        "driver_objectives": DriverObjective.objects.filter(driver__mission__in=missions).count(),
        "reviews": Review.objects.filter(mission__in=missions).count(),
        "objective_assessments": ObjectiveAssessment.objects.filter(
            review__mission__in=missions
        ).count(),
        "contribution_assessments": ContributionAssessment.objects.filter(
            review__mission__in=missions
        ).count(),
        "decisions": Decision.objects.filter(review__mission__in=missions).count(),
        "strategy_versions": StrategyVersion.objects.filter(mission__in=missions).count(),
    }


def demo_present() -> list[str]:
    """The demo missions already in the database (their content belongs to their users)."""
    return list(
        Mission.objects.filter(acronym__in=DEMO_ACRONYMS)
        .order_by("acronym")
        .values_list("acronym", flat=True)
    )


@transaction.atomic
def demo_seed(*, today: date | None = None, reset: bool = False) -> dict[str, int]:
    """Create the illustrative demo where it is missing; safe to run any number of times.

    A demo mission already present is left untouched, with everything people did in it; only
    missing demo missions and logins are created. ``reset`` restores the scripted story in every
    demo mission instead, replacing what people changed (the caller guards it).

    Returns the demo's row counts per kind, plus ``rows_created`` and ``rows_updated`` for
    this run (both 0 when nothing was missing).
    """
    seeder = _Seeder(today or timezone.localdate(), reset=reset)
    present = set() if reset else set(demo_present())
    to_seed = [spec for spec in MISSIONS if spec.acronym not in present]
    with pghistory.context(source="seed_demo"):
        for spec in USERS:
            seeder.users[spec.username] = seeder.user(spec)
        missions = {spec.acronym: seeder.mission(spec) for spec in to_seed}
        seeder.memberships(missions)
        for spec in to_seed:
            reviews = seeder.reviews(missions[spec.acronym], spec)
            seeder.versions(missions[spec.acronym], spec, reviews)
    return {
        **demo_counts(),
        "rows_created": sum(seeder.created.values()),
        "rows_updated": sum(seeder.updated.values()),
    }
