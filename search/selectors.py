"""The mission search: the records of one mission a person may read that match the words they
typed, grouped by kind, best first, each with a snippet showing where the words matched.

One query per kind whatever the data (the hits of a page, their total and what their titles and
links read come together), so the page costs the same for ten records as for ten thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db import connection
from django.db.models import CharField, Count, Func, Model, Value, Window
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from missions.classification import Classified
from missions.models import Mission
from search.documents import CONFIGS, document, searched, words_query
from search.registry import SearchKind, search_kinds

#: The longest search a person may type (the box and the form refuse more).
MAX_WORDS_LENGTH = 200
#: Hits shown per kind on the page of every kind; a kind's own page shows more.
PER_KIND = 20
ONE_KIND = 100
#: How much of each field a snippet is looked for in.
HEADLINE_CHARS = 20_000

# ts_headline's markers around a matched word: private-use characters, which the snippet turns
# into <mark> once the text around them is escaped.
START, STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{START}(.*?){STOP}", re.DOTALL)


@dataclass(frozen=True)
class Hit:
    record: Model
    title: str
    url: str
    snippet: SafeString
    #: What the hit's level badge reads (None: a record without a level, a Council's task).
    marked: Model | None


@dataclass(frozen=True)
class Group:
    kind: SearchKind
    hits: list[Hit]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.hits)


@dataclass(frozen=True)
class Results:
    words: str
    groups: list[Group] = field(default_factory=list)
    kind: SearchKind | None = None
    #: Nothing was searched: the words are too common (stop words) in English or in French.
    too_common: bool = False

    @property
    def total(self) -> int:
        return sum(group.total for group in self.groups)


def snippet_html(headline: str) -> SafeString:
    """The record's text, escaped, with the matched words in <mark>: only our markers become
    markup, whatever the record says."""
    marked = _MARKED.sub(r"<mark>\1</mark>", escape(headline))
    return mark_safe(marked.replace(START, "").replace(STOP, ""))  # escaped just above


def _best_headline(row: Any) -> str:
    """The snippet of whichever language marked a word (a French note reads best in French)."""
    headlines = [getattr(row, f"_search_headline_{n}") or "" for n in range(len(CONFIGS))]
    return next((h for h in headlines if START in h), headlines[0])


def _marked(kind: SearchKind, row: Model) -> Model | None:
    if kind.marked is not None:
        return kind.marked(row)
    return row if isinstance(row, Classified) else None


def _too_common(words: str) -> bool:
    """Are the words all stop words in one of the languages ("the", "de la"), or no word at all
    ("!!!")? A French reading of "the" keeps it, and would find every English text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s)) = 0"
            " OR numnode(websearch_to_tsquery(%s::regconfig, %s)) = 0",
            [CONFIGS[0], words, CONFIGS[1], words],
        )
        return cursor.fetchone()[0]


def _group(kind: SearchKind, user: Any, mission: Mission, words: str, limit: int) -> Group:
    doc = document(kind.fields, kind.max_chars)
    query = words_query(words)
    # The snippet is read from each field's start: ts_headline parses all it is given, twice
    # (once per language), and a PDF's text is long.
    columns = (searched(name, HEADLINE_CHARS) for name, _weight in kind.fields)
    text = Func(Value(" — "), *columns, function="CONCAT_WS", output_field=CharField())
    headlines = {
        f"_search_headline_{n}": SearchHeadline(
            text,
            query,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        for n, config in enumerate(CONFIGS)
    }
    rows = list(
        kind.rows(user, mission)
        .alias(_search_doc=doc)
        .filter(_search_doc=query)
        .annotate(_search_rank=SearchRank(doc, query), _search_total=Window(Count("*")))
        .annotate(**headlines)
        .order_by("-_search_rank", "pk")[:limit]
    )
    hits = [
        Hit(
            record=row,
            title=kind.title(row),
            url=kind.url(row, mission),
            snippet=snippet_html(_best_headline(row)),
            marked=_marked(kind, row),
        )
        for row in rows
    ]
    return Group(kind=kind, hits=hits, total=rows[0]._search_total if rows else 0)


def mission_search(*, user: Any, mission: Mission, words: str, kind: str = "") -> Results:
    """What ``user`` may read in ``mission`` matching ``words``: every kind (a page of each),
    or the one kind asked for (more of it). Unknown kinds read as every kind."""
    words = words.strip()[:MAX_WORDS_LENGTH]
    chosen = [k for k in search_kinds() if k.key == kind]
    if not words:
        return Results(words=words, kind=chosen[0] if chosen else None)
    if _too_common(words):
        return Results(words=words, kind=chosen[0] if chosen else None, too_common=True)
    limit = ONE_KIND if chosen else PER_KIND
    groups = [_group(k, user, mission, words, limit) for k in chosen or search_kinds()]
    return Results(
        words=words,
        groups=[g for g in groups if g.total],
        kind=chosen[0] if chosen else None,
    )
