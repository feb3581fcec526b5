"""Who may see what (R-SEC-1, R-SEC-2, R-INFO-2) and the query log every read writes (R-SEC-3).

Roles are enforced server-side: an authority states a purpose from the Art. 19 list; a
subject sees only itself; what a record shows depends on its catalogue item's disclosure
attribute and the caller's role, and the filter runs inside the queries (`$disclosures`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum

from graph_service import logs
from graph_service.auth import Principal, Role
from graph_service.domain.vocabulary import (
    ALL_DISCLOSURES,
    PERSON_INFORMATION_ROLES,
    PUBLIC_DISCLOSURES,
    SHARED_DISCLOSURES,
)
from graph_service.errors import Forbidden
from graph_service.store import audit
from graph_service.store.db import Database


class Purpose(StrEnum):
    """Art. 19: the purposes for which an authority may query credit information (R-SEC-1)."""

    ADMINISTRATIVE_PERMIT = "ADMINISTRATIVE_PERMIT"  # 行政许可
    ADMINISTRATIVE_INSPECTION = "ADMINISTRATIVE_INSPECTION"  # 行政检查
    SUPERVISION_SPOT_CHECK = "SUPERVISION_SPOT_CHECK"  # 监督抽验 (Art. 19 item 1)
    PENALTY_DISCRETION = "PENALTY_DISCRETION"  # 行政处罚裁量
    PUBLIC_PROCUREMENT = "PUBLIC_PROCUREMENT"  # 政府采购
    BIDDING = "BIDDING"  # 招标投标
    FUNDING = "FUNDING"  # 财政资金扶持
    LAND = "LAND"  # 国有土地出让
    RESEARCH = "RESEARCH"  # 科研管理
    AUDIT = "AUDIT"  # 审计
    CIVIL_SERVICE = "CIVIL_SERVICE"  # 公务员录用、晋升
    TALENT = "TALENT"  # 人才引进
    COMMENDATION = "COMMENDATION"  # 评先评优、表彰奖励
    OTHER_BY_RULE = "OTHER_BY_RULE"  # 法律、法规规定的其他事项


DISCLOSURES_BY_ROLE: dict[Role, tuple[str, ...]] = {
    Role.ADMIN: ALL_DISCLOSURES,  # the credit office keeps the platform
    Role.AUTHORITY: SHARED_DISCLOSURES,  # shared among authorities (Art. 10)
    Role.INVESTIGATOR: SHARED_DISCLOSURES,
    Role.SUBJECT: ALL_DISCLOSURES,  # its own information only (Art. 38)
    Role.PUBLIC: PUBLIC_DISCLOSURES,
}


@dataclass(frozen=True)
class Access:
    """A principal, the purpose it stated, and what it may see."""

    principal: Principal
    purpose: Purpose | None

    @property
    def disclosures(self) -> list[str]:
        return list(DISCLOSURES_BY_ROLE[self.principal.role])

    @property
    def sees_person_names(self) -> bool:
        """Whether the caller may read a natural person's information at all: not the public
        (R-INFO-2, Art. 13-14). Whether the name then shows in clear is `mask_name`'s rule
        (domain/vocabulary.py): both live there."""
        return self.principal.role in PERSON_INFORMATION_ROLES

    def require_subject(self, subject_id: str) -> None:
        """A subject token reads its own data only (R-SEC-2, Art. 38)."""
        if self.principal.role is Role.SUBJECT and self.principal.subject != subject_id:
            raise Forbidden("a subject may read only its own information")

    @property
    def actor(self) -> str:
        return self.principal.actor

    @property
    def outside_remit(self) -> bool:
        """An authority's stated purpose that is not among those its token's holder may query
        for (Art. 21 para 2, 22 item 1): allowed, and flagged in the query log (DECISIONS.md)."""
        remit = self.principal.remit
        return (
            self.principal.role is Role.AUTHORITY
            and remit is not None
            and (self.purpose is None or self.purpose.value not in remit)
        )


def require_purpose(principal: Principal, purpose: Purpose | None) -> Access:
    """R-SEC-1: an authority's read states its purpose; other roles may state one."""
    if principal.role is Role.AUTHORITY and purpose is None:
        allowed = ", ".join(p.value for p in Purpose)
        raise Forbidden(
            f"an authority states the purpose of its query (Art. 19): purpose= one of {allowed}",
            allowed_purposes=[p.value for p in Purpose],
        )
    return Access(principal, purpose)


def log_query(
    db: Database,
    access: Access,
    *,
    endpoint: str,
    subjects: Iterable[str],
    categories: Iterable[str],
) -> None:
    """Append who read which subjects, when, why and what kind of information (R-SEC-3).

    Append-only and chained (graph_service/store/audit.py): no route alters or deletes query
    log entries, and `graph-service audit verify` finds one altered, deleted, reordered or
    inserted in the database, so an auditor can prove or disprove an over-reach query (R-SEC-5).
    """
    ids = sorted(set(subjects))
    if not ids:
        return
    if access.outside_remit:
        logs.event(
            "purpose_outside_remit",
            logging.WARNING,
            actor=access.actor,
            authority=access.principal.authority,
            purpose=access.purpose.value if access.purpose else None,
            endpoint=endpoint,
        )
    audit.log_reads(
        db,
        subjects=ids,
        actor=access.actor,
        role=access.principal.role.value,
        authority=access.principal.authority,
        purpose_outside_remit=access.outside_remit,
        purpose=access.purpose.value if access.purpose else None,
        endpoint=endpoint,
        categories=sorted(set(categories)),
    )


# Query-log writes that run alongside the read they record (`logging_alongside`); their
# threads' names start with LOG_THREADS (the benchmark tells them from the route's own).
LOG_THREADS = "query-log"
_LOG_WRITERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix=LOG_THREADS)


@contextmanager
def logging_alongside(
    db: Database,
    access: Access,
    *,
    endpoint: str,
    subjects: Iterable[str],
    categories: Iterable[str],
) -> Iterator[None]:
    """`log_query` for a read whose subjects are known before it runs, written while the read
    runs: the answer waits for the read and the log's commit together, not one after the
    other. The block's answer leaves only once the entry is durable (R-SEC-3), and a read
    that fails is still logged as attempted (R-SEC-5; docs/DECISIONS.md)."""
    ids, kinds = list(subjects), list(categories)
    written = _LOG_WRITERS.submit(
        log_query, db, access, endpoint=endpoint, subjects=ids, categories=kinds
    )
    try:
        yield
    finally:
        written.result()
