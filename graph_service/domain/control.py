"""The answer of GET /v1/subjects/{id}/controllers (R-SUBJ-3)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class ControllerOut(BaseModel):
    subject: str
    path: list[str] = Field(description="Subject ids from the controller down to the organisation")
    control_share: float = Field(description="Direct share plus shares of controlled holders")
    effective_share: float = Field(description="Sum over simple ownership paths of products")
    declared: bool


class BeneficialOwnerOut(BaseModel):
    subject: str
    effective_share: float


class ControllersAnswer(BaseModel):
    org: str
    as_of: date
    ultimate_controllers: list[ControllerOut]
    declared_controllers: list[str]
    controllers: list[str] = Field(description="Every controller, intermediate ones included")
    beneficial_owners: list[BeneficialOwnerOut] = Field(
        description="Natural persons with an effective share of 25 % or more"
    )
    cycles: list[list[str]] = Field(description="Ownership cycles met upward")
    control_cycles: list[list[str]] = Field(
        description="Controllers controlling one another with no outside controller"
    )
    max_depth: int
    truncated: bool = Field(
        description="A bound cut the answer: the depth bound cut the upward exploration, or a "
        "group holding in itself had more paths or cycles than the step budget (effective "
        "shares are then lower bounds) or more than 1,000 cycles"
    )
