"""What a mandate renewal changed: its paragraphs matched to the previous mandate's by wording.

Plain Python, no database: the diff page, the API and the tests all call ``match_tasks`` on
anything with a ``reference``, a ``text`` and a ``parent_reference`` (parsed paragraphs or
rows read from the database).

Renewals renumber (a paragraph inserted at 3 moves every later one), so numbers only break
ties. Matching, one-to-one:

1. identical wording (normalised: lowercase, punctuation dropped, spaces collapsed), preferring
   the counterpart under the same parent, then the same reference, then document order;
2. then the most similar remaining pairs, by ``difflib.SequenceMatcher`` ratio on word lists,
   from ``MATCH_THRESHOLD`` up; a pair whose parents were already matched to each other (or
   that are both top-level paragraphs) gets a small bonus, so a sub-paragraph stays with its
   own list when similar ones exist elsewhere;
3. a task the renewal expanded (real renewals add bullets under a task: MINUSCA's 2018
   protection task kept all of its 2017 words and gained four "to ..." bullets) scores low on the
   ratio because the texts differ in length: when at least ``CONTAINED_FROM`` of the shorter
   text's words recur in order in the longer one (shorter text of ``CONTAINED_MIN_WORDS`` words
   or more), the pair is matched too, ranked below every pair matched by ratio and, among
   such pairs, by the mean of that share and the ratio;
4. last, the same words in another order (an extension "until <date> the mandate of X" after
   "the mandate of X until <date>"): at least ``CONTAINED_FROM`` of the shorter text's words
   recur in the longer in any order and the texts are alike in length (their shared words,
   counted in any order, make ``MATCH_THRESHOLD`` of both), ranked below every pair matched in
   order.

A matched pair is *unchanged* when the normalised wording is identical, else *reworded*. A
rewording is *material* when the similarity is under ``MATERIAL_BELOW`` (about one word in ten
changed) or when a changed word alters the force or scope of the task (``FORCE_WORDS``: "not",
"shall", "may", "only", "priority", ...). A new end date alone is therefore not material.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Generic, Literal, Protocol, TypeVar

__all__ = [
    "CONTAINED_FROM",
    "FORCE_WORDS",
    "MATCH_THRESHOLD",
    "MATERIAL_BELOW",
    "Diff",
    "Pair",
    "TaskLike",
    "match_tasks",
    "normalise",
]

MATCH_THRESHOLD = 0.6
CONTAINED_FROM = 0.8
CONTAINED_MIN_WORDS = 8
MATERIAL_BELOW = 0.9
# Parent context tips close calls only; it never makes a weak match.
_PARENT_BONUS = 0.05
_SAME_REFERENCE_BONUS = 0.01
# Keeps a reordered pair's score (at most 0.6 * 0.45 * (1 + 0.6) / 2 = 0.216) under an expansion's
# (at least 0.6 * 0.99 * 0.8 / 2 = 0.238).
_REORDERED_WEIGHT = 0.45

FORCE_WORDS = frozenset((
    "not", "no", "nor", "never", "without", "shall", "must", "should", "may", "might", "only",
    "solely", "all", "any", "every", "each", "decides", "requests", "authorizes", "demands",
    "urges", "encourages", "calls", "invites", "priority", "priorities", "immediately", "cease",
    "terminate", "terminates", "end", "ends", "withdraw", "withdrawal",
))  # fmt: skip

_NOT_WORD = re.compile(r"[^\w]+")


class TaskLike(Protocol):
    @property
    def reference(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def parent_reference(self) -> str | None: ...


T = TypeVar("T", bound=TaskLike)
Op = Literal["equal", "delete", "insert"]


def _key(token: str) -> str:
    return _NOT_WORD.sub("", token.lower())


def normalise(text: str) -> list[str]:
    """The words that count: lowercase, punctuation dropped ("peace-keeping" is one word)."""
    return [key for key in (_key(token) for token in text.split()) if key]


@dataclass(frozen=True)
class Pair(Generic[T]):
    """An old task and its counterpart in the renewal."""

    old: T
    new: T
    ratio: float
    # Word-level changes in reading order, as (op, words): "delete" words are in the old text
    # only, "insert" words in the new only; "equal" words are in both.
    changes: tuple[tuple[Op, str], ...] = ()
    material: bool = False
    # Each side for display, in its own spelling: ("equal" | "delete") runs of the old text,
    # ("equal" | "insert") runs of the new.
    old_words: tuple[tuple[Op, str], ...] = ()
    new_words: tuple[tuple[Op, str], ...] = ()


@dataclass
class Diff(Generic[T]):
    """Each list in document order: pairs and new tasks by the renewal, dropped by the old."""

    unchanged: list[Pair[T]] = field(default_factory=list)
    reworded: list[Pair[T]] = field(default_factory=list)
    new: list[T] = field(default_factory=list)
    dropped: list[T] = field(default_factory=list)

    @property
    def pairs(self) -> list[Pair[T]]:
        return [*self.unchanged, *self.reworded]

    @property
    def material(self) -> list[Pair[T]]:
        return [pair for pair in self.reworded if pair.material]

    # The renewal's tasks a strategy editor should look at: new, or materially reworded.
    to_review: list[T] = field(default_factory=list)


Runs = tuple[tuple[Op, str], ...]


def word_changes(old: str, new: str) -> tuple[Runs, Runs, Runs]:
    """Runs of equal, deleted and inserted words: merged (equal runs spelled as in ``new``),
    then the old side alone, then the new side alone, each in its own spelling."""
    old_tokens, new_tokens = old.split(), new.split()
    matcher = SequenceMatcher(
        None, [_key(t) or t for t in old_tokens], [_key(t) or t for t in new_tokens], autojunk=False
    )
    merged: list[tuple[Op, str]] = []
    old_side: list[tuple[Op, str]] = []
    new_side: list[tuple[Op, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        before, after = " ".join(old_tokens[i1:i2]), " ".join(new_tokens[j1:j2])
        if tag == "equal":
            # Equal by key: punctuation may differ, it does not count as a change.
            merged.append(("equal", after))
            old_side.append(("equal", before))
            new_side.append(("equal", after))
            continue
        if before:
            merged.append(("delete", before))
            old_side.append(("delete", before))
        if after:
            merged.append(("insert", after))
            new_side.append(("insert", after))
    return tuple(merged), tuple(old_side), tuple(new_side)


def _is_material(ratio: float, changes: Runs) -> bool:
    if ratio < MATERIAL_BELOW:
        return True
    changed = {_key(w) for op, words in changes if op != "equal" for w in words.split()}
    return bool(changed & FORCE_WORDS)


def _similarity(a: list[str], b: list[str]) -> tuple[float, float]:
    """(ratio, score): the score ranks candidate pairs; 0 when the pair is no match at all."""
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    quick = matcher.real_quick_ratio()
    if quick >= MATCH_THRESHOLD and matcher.quick_ratio() >= MATCH_THRESHOLD:
        ratio = matcher.ratio()
        if ratio >= MATCH_THRESHOLD:
            return ratio, ratio
    shorter = min(len(a), len(b))
    if shorter < CONTAINED_MIN_WORDS:
        return 0.0, 0.0
    # quick_ratio bounds the words in common; only then are the matching blocks worth finding.
    if matcher.quick_ratio() * (len(a) + len(b)) / 2 < CONTAINED_FROM * shorter:
        return 0.0, 0.0
    matched = sum(block.size for block in matcher.get_matching_blocks())
    contained = matched / shorter
    if contained < CONTAINED_FROM:
        return _reordered(matcher.quick_ratio(), matcher.ratio())
    # Below any ratio match; among expansions, the one that also keeps more of its length wins
    # (the task that grew bullets, over a short task one bullet happens to repeat).
    ratio = matcher.ratio()
    return ratio, MATCH_THRESHOLD * 0.99 * (contained + ratio) / 2


def _reordered(dice: float, ratio: float) -> tuple[float, float]:
    """The same words in another order: the Council writes an extension both "extend the
    mandate of X until <date>" and "extend until <date> the mandate of X", and a renewal may
    switch. Reached when ``CONTAINED_FROM`` of the shorter text's words recur in the longer in
    any order; the pair matches when the two are also alike in length (the words they share
    make ``MATCH_THRESHOLD`` of both, as a ratio), ranked below every pair matched in order."""
    if dice < MATCH_THRESHOLD:
        return 0.0, 0.0
    return ratio, MATCH_THRESHOLD * _REORDERED_WEIGHT * (dice + ratio) / 2


def match_tasks(old: Sequence[T], new: Sequence[T]) -> Diff[T]:
    """Match the renewal's tasks (``new``) to the previous mandate's (``old``); see the module."""
    old_words = [normalise(task.text) for task in old]
    new_words = [normalise(task.text) for task in new]
    old_index = {task.reference: i for i, task in enumerate(old)}
    new_index = {task.reference: j for j, task in enumerate(new)}
    matched: dict[int, int] = {}  # old index -> new index
    ratios: dict[int, float] = {}

    def parents_agree(i: int, j: int) -> bool:
        old_parent, new_parent = old[i].parent_reference, new[j].parent_reference
        if old_parent is None or new_parent is None:
            return old_parent is None and new_parent is None
        pi, pj = old_index.get(old_parent), new_index.get(new_parent)
        if pi is None or pj is None:
            return False
        return matched.get(pi) == pj or old_words[pi] == new_words[pj]

    # 1. Identical wording.
    by_words: dict[tuple[str, ...], list[int]] = {}
    for j, words in enumerate(new_words):
        by_words.setdefault(tuple(words), []).append(j)
    for i, words in enumerate(old_words):
        candidates = [j for j in by_words.get(tuple(words), []) if j not in matched.values()]
        if not candidates:
            continue
        best = max(
            candidates,
            key=lambda j: (parents_agree(i, j), new[j].reference == old[i].reference, -j),
        )
        matched[i], ratios[i] = best, 1.0

    # 2. Most similar remaining pairs, best first.
    taken = set(matched.values())
    scored: list[tuple[float, float, int, int]] = []
    for i in range(len(old)):
        if i in matched:
            continue
        for j in range(len(new)):
            if j in taken:
                continue
            ratio, score = _similarity(old_words[i], new_words[j])
            if not score:
                continue
            score += _PARENT_BONUS * parents_agree(i, j)
            score += _SAME_REFERENCE_BONUS * (old[i].reference == new[j].reference)
            scored.append((score, ratio, i, j))
    scored.sort(key=lambda s: (-s[0], s[2], s[3]))
    for _score, ratio, i, j in scored:
        if i in matched or j in taken:
            continue
        matched[i], ratios[i] = j, ratio
        taken.add(j)

    diff: Diff[T] = Diff()
    by_new = {j: i for i, j in matched.items()}
    for j, task in enumerate(new):
        i = by_new.get(j)
        if i is None:
            diff.new.append(task)
        elif old_words[i] == new_words[j]:
            diff.unchanged.append(Pair(old=old[i], new=task, ratio=1.0))
        else:
            changes, old_side, new_side = word_changes(old[i].text, task.text)
            diff.reworded.append(
                Pair(
                    old=old[i],
                    new=task,
                    ratio=ratios[i],
                    changes=changes,
                    material=_is_material(ratios[i], changes),
                    old_words=old_side,
                    new_words=new_side,
                )
            )
    diff.dropped = [task for i, task in enumerate(old) if i not in matched]
    review = {id(task) for task in diff.new} | {id(pair.new) for pair in diff.material}
    diff.to_review = [task for task in new if id(task) in review]
    return diff
