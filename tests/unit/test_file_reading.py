"""Registry files: which files a path names, and how CSV and JSONL lines become items."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_service.domain.enums import LOAD_ORDER, IngestKind
from loaders.files import LoadError, ParsedFile, SourceFile, discover, read_file
from tests.factories import resident_id, uscc


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _jsonl(items: list[Any]) -> str:
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


def _read(path: Path) -> ParsedFile:
    (source,) = discover(path)
    return read_file(source)


# --- discover ---------------------------------------------------------------------------------


def test_a_file_names_its_kind(tmp_path: Path) -> None:
    source = discover(_write(tmp_path / "holdings.csv", "holder\n"))
    assert source == [SourceFile(tmp_path / "holdings.csv", IngestKind.HOLDINGS, "csv")]


def test_a_folder_is_loaded_in_dependency_order(tmp_path: Path) -> None:
    for kind in reversed(LOAD_ORDER):
        _write(tmp_path / f"{kind.value}.{'csv' if len(kind.value) % 2 else 'jsonl'}", "")
    _write(tmp_path / "README.md", "not a registry file")
    (tmp_path / "archive").mkdir()
    assert [source.kind for source in discover(tmp_path)] == list(LOAD_ORDER)


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["subject.jsonl"], "names no ingest kind"),
        (["subjects.jsonl", "subjects.csv"], "both"),
        ([], "holds no"),
        (["notes.txt"], "holds no"),
    ],
)
def test_folders_that_cannot_be_loaded(tmp_path: Path, names: list[str], message: str) -> None:
    for name in names:
        _write(tmp_path / name, "")
    with pytest.raises(LoadError, match=message):
        discover(tmp_path)


def test_a_missing_path_or_a_file_of_another_kind_cannot_be_loaded(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        discover(tmp_path / "nothing")
    with pytest.raises(LoadError, match="named <kind>"):
        discover(_write(tmp_path / "subjects.json", "[]"))


# --- JSONL ------------------------------------------------------------------------------------


def test_jsonl_has_one_item_per_line_and_skips_blank_lines(tmp_path: Path) -> None:
    items = [{"code": "A", "name": "甲"}, {"code": "B", "name": "乙", "parent": "A"}]
    text = "\n" + _jsonl(items[:1]) + "   \n" + _jsonl(items[1:])
    parsed = _read(_write(tmp_path / "domains.jsonl", text))
    assert parsed.items == items
    assert parsed.lines == [2, 4]
    assert parsed.errors == []


def test_a_bad_jsonl_line_is_an_error_that_does_not_repeat_the_line(tmp_path: Path) -> None:
    rid = resident_id(3)
    text = _jsonl([{"code": "A"}]) + '{"resident_id": "' + rid + '",\n' + _jsonl([{"code": "C"}])
    parsed = _read(_write(tmp_path / "subjects.jsonl", text))
    assert parsed.lines == [1, 3]
    (error,) = parsed.errors
    assert (error.file, error.line, error.field) == ("subjects.jsonl", 2, "")
    assert error.message.startswith("not a JSON value")
    assert rid not in error.message


def test_a_utf8_bom_is_ignored_and_other_encodings_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "domains.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _jsonl([{"code": "A"}]).encode())
    assert _read(path).items == [{"code": "A"}]
    path.write_bytes('{"code": "信用"}\n'.encode("gb18030"))
    (error,) = _read(path).errors
    assert error.line == 0 and "UTF-8" in error.message


# --- CSV --------------------------------------------------------------------------------------


def test_csv_header_names_the_fields_and_empty_cells_are_null(tmp_path: Path) -> None:
    text = "code,name,parent\nFOOD,食品安全,\nFOOD.CATERING,餐饮服务,FOOD\n"
    parsed = _read(_write(tmp_path / "domains.csv", text))
    assert parsed.items == [
        {"code": "FOOD", "name": "食品安全", "parent": None},
        {"code": "FOOD.CATERING", "name": "餐饮服务", "parent": "FOOD"},
    ]
    assert parsed.lines == [2, 3]


def test_csv_lists_are_semicolon_separated_and_booleans_are_true_or_false(
    tmp_path: Path,
) -> None:
    text = (
        "code,kind,lists,matters,roles,all_matters,published_at\n"
        "M1,SANCTION,L1; L2,,SELF;LEGAL_REPRESENTATIVE,TRUE,2022-01-01\n"
        "M2,REWARD,L3,A;B,,false,2022-01-01\n"
    )
    parsed = _read(_write(tmp_path / "measures.csv", text))
    first, second = parsed.items
    assert first["lists"] == ["L1", "L2"] and first["matters"] == []
    assert first["roles"] == ["SELF", "LEGAL_REPRESENTATIVE"] and first["all_matters"] is True
    assert second["matters"] == ["A", "B"] and second["roles"] == []
    assert second["all_matters"] is False


def test_csv_subject_refs_name_persons_by_resident_id(tmp_path: Path) -> None:
    rid = resident_id(7)
    text = (
        "role,holder,org,valid_from,valid_to\n"
        f"LEGAL_REPRESENTATIVE,resident_id:{rid},{uscc(1)},2020-01-01,\n"
        f"ACTUAL_CONTROLLER,{uscc(2)},{uscc(1)},2020-01-01,2021-01-01\n"
    )
    parsed = _read(_write(tmp_path / "roles.csv", text))
    assert parsed.items[0]["holder"] == {"resident_id": rid}
    assert parsed.items[0]["valid_to"] is None
    assert parsed.items[1]["holder"] == uscc(2)


def test_csv_ratio_is_a_number_and_extra_a_json_object(tmp_path: Path) -> None:
    holdings = _read(
        _write(tmp_path / "holdings.csv", f"holder,org,ratio\n{uscc(2)},{uscc(1)},0.25\n")
    )
    assert holdings.items[0]["ratio"] == 0.25
    text = 'kind,name,uscc,region,extra\nLEGAL_PERSON,甲公司,X,TJ,"{""注册资本"": ""100万元""}"\n'
    subjects = _read(_write(tmp_path / "subjects.csv", text))
    assert subjects.items[0]["extra"] == {"注册资本": "100万元"}


@pytest.mark.parametrize(
    ("header", "cell", "field", "message"),
    [
        ("ratio", "60%", "ratio", "a number is expected"),
        ("serious", "yes", "serious", "a boolean is true or false"),
        ("extra", "[1, 2]", "extra", "a JSON object is expected"),
        ("extra", "{not json", "extra", "not a JSON object"),
    ],
)
def test_csv_cells_that_cannot_be_converted_are_errors(
    tmp_path: Path, header: str, cell: str, field: str, message: str
) -> None:
    kind = "holdings" if header == "ratio" else "records"
    parsed = _read(_write(tmp_path / f"{kind}.csv", f'id,{header}\nR1,"{cell}"\nR2,\n'))
    assert [item["id"] for item in parsed.items] == ["R2"]
    (error,) = parsed.errors
    assert (error.line, error.field) == (2, field)
    assert error.message.startswith(message)


def test_csv_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    text = 'id,basis\nE1,"first line\nsecond line"\n\nE2,plain\nE3,a,b\n'
    parsed = _read(_write(tmp_path / "entries.csv", text))
    assert [item["id"] for item in parsed.items] == ["E1", "E2"]
    assert parsed.items[0]["basis"] == "first line\nsecond line"
    assert parsed.lines == [2, 5]
    (error,) = parsed.errors
    assert error.line == 6 and "3 cells but 2 columns" in error.message


def test_csv_header_must_name_each_column_once(tmp_path: Path) -> None:
    (error,) = _read(_write(tmp_path / "domains.csv", "code,name,code\nA,B,C\n")).errors
    assert error.line == 1 and "repeated columns ['code']" in error.message
    assert _read(_write(tmp_path / "domains.csv", "")).items == []


def test_unknown_csv_columns_pass_through_to_validation(tmp_path: Path) -> None:
    parsed = _read(_write(tmp_path / "domains.csv", "code,name,colour\nA,B,red\n"))
    assert parsed.items == [{"code": "A", "name": "B", "colour": "red"}]
