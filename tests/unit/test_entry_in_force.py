"""An entry is in force in one way everywhere (Art. 28, 30; DESIGN §5 rule 1).

Cypher has no shared predicates, so the words are the one place: every statement that decides
whether a list entry `e` on list `l` is in force on `$as_of` says it with `ENTRY_IN_FORCE`
(taken effect by then — `effective_from`, set only by set_entry_effect.cypher: listed, and
confirmed when it was proposed, Art. 28 para. 3 — not removed, its list published). A change to
the rule changes this constant, and this test names every statement still saying it the old way.
"""

from __future__ import annotations

from graph_service.store.queries import CYPHER_DIR

ENTRY_IN_FORCE = (
    "e.effective_from <= $as_of AND (e.removed_on IS NULL OR e.removed_on > $as_of)"
    " AND l.published_at <= $as_of"
)


def test_art_28_30_every_statement_decides_entry_in_force_the_same_way() -> None:
    deciding = {
        path.stem: " ".join(path.read_text(encoding="utf-8").split())
        for path in sorted(CYPHER_DIR.rglob("*.cypher"))
        if "e.removed_on > $as_of" in path.read_text(encoding="utf-8")
    }
    assert {"reach_subjects", "screen_subjects", "list_candidates", "report_entries"} <= set(
        deciding
    )
    stale = [name for name, text in deciding.items() if ENTRY_IN_FORCE not in text]
    assert stale == []
