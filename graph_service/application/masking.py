"""Who sees a natural person's name (R-SEC-2): one function for every answer that shows one."""

from __future__ import annotations

from graph_service.auth import Role

# Roles that may read a natural person's full name; everyone else sees "王*" (R-SEC-2).
UNMASKED_ROLES = frozenset({Role.ADMIN, Role.INVESTIGATOR})


def mask_name(name: str | None, kind: str | None, role: Role) -> str | None:
    """The one place a name is masked: a natural person's name shows only its first character
    unless the role may see it (R-SEC-2); organisations' names are public registry data.

    >>> mask_name("王建国", "NATURAL_PERSON", Role.AUTHORITY)
    '王*'
    >>> mask_name("王建国", "NATURAL_PERSON", Role.INVESTIGATOR)
    '王建国'
    """
    if not name or kind != "NATURAL_PERSON" or role in UNMASKED_ROLES:
        return name
    return name[0] + "*"
