"""The import files of `graph-service load --bulk` (issue 17), without a server: cells as
neo4j-admin reads them, and the audit chain written into them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from graph_service.settings import Settings
from graph_service.store import audit
from loaders.bulk import BulkRefused, _cell


def test_bulk_cells_are_what_neo4j_admin_reads() -> None:
    assert _cell(None) == ""  # no property, as a null the upsert would not store
    assert _cell(True) == "true" and _cell(False) == "false"
    assert _cell(date(2024, 3, 23)) == "2024-03-23"
    moment = datetime(2026, 12, 5, 0, 1, 2, 345678, tzinfo=UTC)
    assert _cell(moment) == "2026-12-05T00:01:02.345678+00:00"
    assert _cell(["SELF", "LEGAL_REPRESENTATIVE"]) == "SELF|LEGAL_REPRESENTATIVE"
    assert _cell(0.52) == 0.52 and _cell("名称") == "名称"


def test_bulk_refuses_an_array_element_holding_the_delimiter() -> None:
    with pytest.raises(BulkRefused, match="array delimiter"):
        _cell(["A|B"])


def test_r_time_5_the_imported_chain_is_the_chain_record_changes_would_leave() -> None:
    settings = Settings(pseudonym_key="test-pseudonym-key")
    at = datetime(2026, 12, 5, tzinfo=UTC)
    changes = [
        audit.state_change(
            "Record", f"R{i}", before=None, after="in_force", reason="ingested", by="t"
        )
        for i in range(3)
    ]
    chained = audit.chain_for_import(settings, changes, at)
    key = audit.audit_key(settings)
    previous = ""
    for seq, entry in enumerate(chained.entries, start=1):
        assert entry["seq"] == seq and entry["at"] == at and "from" not in entry
        assert entry["digest"] == audit.content_digest(entry)
        assert entry["hash"] == audit.link_hash(key, "StateChange", seq, previous, entry["digest"])
        previous = entry["hash"]
    head = chained.head
    assert (head["chain"], head["seq"], head["hash"]) == ("StateChange", 3, previous)
    assert head["seal"] == audit.head_seal(key, "StateChange", 3, previous)
