"""Valid test data, built deterministically from a small integer.

`uscc(n)` and `resident_id(n)` give distinct valid identifiers for distinct `n`. Each `item_*`
builder returns one valid ingestion item (DESIGN §6) as the JSON-ready dict a client would
send; keyword arguments replace fields (`item_record(1, document=None)`) and a value of
`OMIT` removes the field. By default an item built with `n` refers to the other items built
with the same `n` (`item_matter(2)` is in `item_domain(2)`), so loading `item_*(n)` of every
kind in `LOAD_ORDER` gives a consistent graph.
"""

from datetime import date, timedelta
from typing import Any, Final

from stdnum.cn import ric
from stdnum.cn import uscc as stdnum_uscc

OMIT: Final = object()  # an override value that removes the field from the item


def uscc(n: int) -> str:
    """A valid USCC of an enterprise registered in Tianjin's Heping district: "91120101" +
    n on 9 digits + check character (0 <= n < 10**9)."""
    body = f"91120101{n:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def resident_id(n: int) -> str:
    """A valid resident ID number of someone born in Tianjin's Heping district (0 <= n < 10**7):
    n picks the birth day from 1960-01-01 and the 3-digit sequence number."""
    born = date(1960, 1, 1) + timedelta(days=n // 1000)
    body = f"120101{born:%Y%m%d}{n % 1000:03d}"
    # stdnum's calc_check_digit expects the check digit's place to be present.
    return body + ric.calc_check_digit(body + "0")


def _item(fields: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    merged = {**fields, **overrides}
    return {key: value for key, value in merged.items() if value is not OMIT}


def item_domain(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """A top-level domain `DOM-n`."""
    return _item({"code": f"DOM-{n}", "name": f"Domain {n}", "parent": None}, overrides)


def item_matter(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Matter `MAT-n` in domain `DOM-n`."""
    return _item({"code": f"MAT-{n}", "name": f"Matter {n}", "domain": f"DOM-{n}"}, overrides)


def item_authority(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Tianjin authority `AUTH-n`."""
    return _item({"code": f"AUTH-{n}", "name": f"Authority {n}", "region": "TJ"}, overrides)


def item_catalogue(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Public catalogue item `CAT-n`."""
    fields = {"code": f"CAT-{n}", "name": f"Catalogue item {n}", "disclosure": "PUBLIC"}
    return _item(fields, overrides)


def item_organisation(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Legal person `uscc(n)` in Tianjin (kind `subjects`)."""
    fields = {"kind": "LEGAL_PERSON", "name": f"Company {n}", "uscc": uscc(n), "region": "TJ"}
    return _item(fields, overrides)


def item_person(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Natural person `resident_id(n)` in Tianjin (kind `subjects`)."""
    fields = {
        "kind": "NATURAL_PERSON",
        "name": f"Person {n}",
        "resident_id": resident_id(n),
        "region": "TJ",
    }
    return _item(fields, overrides)


def item_role(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Person `resident_id(n)` is the current legal representative of `uscc(n)` since 2020."""
    fields = {
        "role": "LEGAL_REPRESENTATIVE",
        "holder": {"resident_id": resident_id(n)},
        "org": uscc(n),
        "valid_from": "2020-01-01",
        "valid_to": None,
    }
    return _item(fields, overrides)


def item_holding(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Person `resident_id(n)` holds 60 % of `uscc(n)` since 2020."""
    fields = {
        "holder": {"resident_id": resident_id(n)},
        "org": uscc(n),
        "ratio": 0.6,
        "valid_from": "2020-01-01",
        "valid_to": None,
    }
    return _item(fields, overrides)


def item_branch(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """`uscc(n + 1)` is a branch of `uscc(n)`."""
    return _item({"branch": uscc(n + 1), "parent": uscc(n)}, overrides)


def item_record(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Dishonesty record `REC-n` of category 3 about `uscc(n)`, act from 2023-03-01 to 06-30."""
    fields = {
        "id": f"REC-{n}",
        "subject": uscc(n),
        "type": "DISHONESTY",
        "category": 3,
        "serious": False,
        "document": f"津执字〔2023〕第{n}号",
        "provider": f"AUTH-{n}",
        "domain": f"DOM-{n}",
        "catalogue_item": f"CAT-{n}",
        "act_start": "2023-03-01",
        "act_end": "2023-06-30",
        "legal_basis": None,
        "consent": None,
        "minor": False,
        "self_corrected": False,
    }
    return _item(fields, overrides)


def item_list(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Joint sanction list `LIST-n` issued by `AUTH-n`, published 2022-01-01."""
    fields = {
        "id": f"LIST-{n}",
        "type": "JOINT_SANCTION",
        "issuer": f"AUTH-{n}",
        "region": "TJ",
        "criteria": "Subjects with a category 3 or 4 dishonesty record in force.",
        "published_at": "2022-01-01",
    }
    return _item(fields, overrides)


def item_recognition(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Hebei's serious lists recognised from 2023-01-01 (R-LIST-6); `n` is unused."""
    fields = {"region": "HE", "list_type": "SERIOUS", "valid_from": "2023-01-01", "valid_to": None}
    return _item(fields, overrides)


def item_entry(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Entry `ENT-n` putting `uscc(n)` on `LIST-n` on 2023-07-15, based on `REC-n`."""
    fields = {
        "id": f"ENT-{n}",
        "list": f"LIST-{n}",
        "subject": uscc(n),
        "record": f"REC-{n}",
        "listed_at": "2023-07-15",
        "basis": "Art. 30 and the published criteria of the list.",
        "removal_conditions": "Credit repair (Art. 45) or expiry of the record (Art. 42).",
        "remedy": "Objection to the credit management office (Art. 41).",
    }
    return _item(fields, overrides)


def item_commitment(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Commitment `COM-n`: `uscc(n)` promised `AUTH-n` on 2024-03-01, for `MAT-n`, to meet a
    permit condition by 2024-09-01 (Art. 33, 告知承诺)."""
    fields = {
        "id": f"COM-{n}",
        "subject": uscc(n),
        "matter": f"MAT-{n}",
        "kind": "PERMIT",
        "made_on": "2024-03-01",
        "content": "Meet the permit's staffing condition within six months.",
        "due_on": "2024-09-01",
        "authority": f"AUTH-{n}",
    }
    return _item(fields, overrides)


def item_measure(n: int = 1, /, **overrides: Any) -> dict[str, Any]:
    """Sanction `MEA-n` by `AUTH-n` on `LIST-n` for `MAT-n`, reaching the subject and its
    legal representative, published 2022-01-01."""
    fields = {
        "code": f"MEA-{n}",
        "kind": "SANCTION",
        "description": "Restrict participation in government procurement.",
        "legal_basis": "Regulation Art. 29 (1).",
        "means": "Refuse the bid.",
        "authority": f"AUTH-{n}",
        "lists": [f"LIST-{n}"],
        "matters": [f"MAT-{n}"],
        "all_matters": False,
        "roles": ["SELF", "LEGAL_REPRESENTATIVE"],
        "published_at": "2022-01-01",
    }
    return _item(fields, overrides)
