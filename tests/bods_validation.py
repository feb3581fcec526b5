"""BODS validation with the format's own validator, libcovebods (issue 8).

libcovebods checks entity identifier schemes against the org-id.guide list, which it
downloads; the tests run offline, so the list is replaced by the schemes the exporter and
the fixtures use. Everything else is libcovebods' own: the JSON schema of BODS 0.4 and its
additional checks (dates, shares, record references, declaration subjects, identifiers).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from libcovebods import config, data_reader, jsonschemavalidate, run_tasks, schema
from libcovebods.tasks.checks import legacy_checks, record_based_checks

ORG_ID_SCHEMES = ["CN-SAIC", "GB-COH", "XI-LEI", "PA-PUB"]


def _offline_prefixes() -> list[str]:
    return list(ORG_ID_SCHEMES)


legacy_checks.get_orgids_prefixes = _offline_prefixes
record_based_checks.get_orgids_prefixes = _offline_prefixes


def validate_bods(statements: list[dict[str, Any]]) -> list[Any]:
    """Schema errors and additional-check findings; [] when the statements are valid."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "statements.json"
        path.write_text(json.dumps(statements, ensure_ascii=False), encoding="utf-8")
        reader = data_reader.DataReader(str(path))
        settings = config.LibCoveBODSConfig()
        bods = schema.SchemaBODS(reader, settings)
        assert bods.schema_version == "0.4"
        problems: list[Any] = [
            e.json() for e in jsonschemavalidate.JSONSchemaValidator(bods).validate(reader)
        ]
        output = run_tasks.process_additional_checks(reader, settings, bods, run_tasks.TASK_CLASSES)
        problems.extend(output.get("additional_checks") or [])
    return problems
