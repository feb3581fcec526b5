"""One typed settings class: every knob of the service, read from the environment."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_STATE_DIR = Path.home() / ".cache" / "graph-service"
# Days a new API token works unless told otherwise (issue 14).
DEFAULT_TOKEN_TTL_DAYS = 90


class Settings(BaseSettings):
    """Settings of the service, the CLI and the local Neo4j they manage."""

    model_config = SettingsConfigDict(env_prefix="GRAPH_SERVICE_", extra="ignore")

    # Bolt URI of an already-running Neo4j; unset means "the server `graph-service neo4j` manages".
    neo4j_uri: str | None = Field(default=None, validation_alias=AliasChoices("NEO4J_URI"))
    # User and password for Neo4j; the password defaults to the one generated for the local server.
    neo4j_user: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_USER"))
    neo4j_password: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("NEO4J_PASSWORD")
    )
    # Database name passed on every query.
    neo4j_database: str = Field(default="neo4j", validation_alias=AliasChoices("NEO4J_DATABASE"))
    # Where the local server's home (data, logs), its password and the pseudonym key live.
    state_dir: Path = DEFAULT_STATE_DIR
    # Where the Neo4j jars fetched from Maven Central are cached, one folder per version.
    jar_cache_dir: Path = DEFAULT_STATE_DIR / "neo4j"
    # The Neo4j 5.26 LTS release provisioned from Maven Central.
    neo4j_version: str = "5.26.30"
    # Loopback port of the local server's Bolt connector.
    neo4j_bolt_port: int = Field(default=7687, ge=1024, le=65535)
    # Memory of the local server, sized for a 2-core / 24 GiB machine.
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "1g"
    # Seconds to wait for the local server to answer `RETURN 1`.
    neo4j_start_timeout: float = Field(default=180.0, gt=0)
    # Seconds before a query is abandoned with a 503 problem.
    query_timeout: float = Field(default=30.0, gt=0)
    # A bearer token with the admin role, for automation and the demo (stored nowhere).
    admin_token: SecretStr | None = None
    # Days a token works after `graph-service token create` (`--expires-in` overrides it).
    token_ttl_days: int = Field(default=DEFAULT_TOKEN_TTL_DAYS, ge=1, le=3650)
    # Requests per second each stored token may make (twice that in a burst; 429 beyond):
    # a person or an authority's system, one subject at a time or 1,000 per screening.
    token_rate_limit: float = Field(default=50.0, gt=0)
    # The same for GRAPH_SERVICE_ADMIN_TOKEN: automation, bulk loads, the benchmark.
    admin_rate_limit: float = Field(default=2000.0, gt=0)
    # HMAC key of person pseudonyms (R-SUBJ-1); defaults to a key generated once in state_dir.
    pseudonym_key: SecretStr | None = None
    # Largest batch accepted by POST /v1/ingest/{kind}.
    max_batch_rows: int = Field(default=100_000, gt=0)
    # Largest request body in bytes (413 beyond); a 100,000-row batch fits.
    max_body_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    # Origins allowed to call the API from a browser (CORS); none by default.
    cors_origins: list[str] = Field(default_factory=list)
    # Depth bound of control-chain and ownership-path exploration (R-SUBJ-3).
    control_max_depth: int = Field(default=20, ge=1, le=50)
    # JSON file of the State Council's holiday notices for the years after those that
    # chinese-calendar knows (graph_service/rules/workdays.py); workflow deadlines need them.
    workday_calendar: Path | None = None
    # Working days an authority has to feed back what it did with a restricted or rewarded
    # answer (奖惩结果反馈, docs/DECISIONS.md); a hit past them is overdue.
    feedback_working_days: int = Field(default=5, ge=1, le=60)
    # Hosts (`host` or `host:port`) webhooks may call, as a JSON list; none by default, so no
    # request leaves the service unless the operator allows the host (issue 15).
    webhook_hosts: list[str] = Field(default_factory=list)
    # Seconds before the first retry of a failed delivery; each retry doubles it, up to
    # webhook_backoff_max (at least once: retries go on while the webhook exists).
    webhook_backoff: float = Field(default=2.0, gt=0)
    webhook_backoff_max: float = Field(default=3600.0, gt=0)
    # Seconds a receiver has to answer one delivery.
    webhook_timeout: float = Field(default=5.0, gt=0)
    # Seconds between the background worker's looks at the monitor's outbox, the daily
    # sweep's day and the webhooks (a change also wakes it at once).
    monitor_poll: float = Field(default=1.0, gt=0)
    # Run the monitor (re-screens, daily sweep, webhook deliveries) inside the service;
    # off, `graph-service monitor run` does it.
    monitor_in_service: bool = True
    # Worker processes of `graph-service serve` (issue 17); each enforces 1/N of the request
    # limits, and one at a time runs the background loops.
    workers: int = Field(default=1, ge=1, le=64)
    # Log level of the service's structured logs.
    log_level: str = "INFO"

    @property
    def local_home(self) -> Path:
        """The managed server's NEO4J_HOME (data survives restarts here)."""
        return self.state_dir / "neo4j-home"

    @property
    def jar_cache(self) -> Path:
        """The jar closure of org.neo4j:neo4j, shared by every home of that version."""
        return self.jar_cache_dir / self.neo4j_version / "lib"

    @property
    def password_file(self) -> Path:
        return self.local_home / "password"

    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.neo4j_bolt_port}"

    def bolt_password(self) -> str:
        """The configured password, else the one generated for the managed server."""
        if self.neo4j_password is not None:
            return self.neo4j_password.get_secret_value()
        if self.password_file.exists():
            return self.password_file.read_text(encoding="utf-8").strip()
        return ""

    def pseudonym_secret(self) -> str:
        """The pseudonym key; generated once (0600) so ids stay stable across restarts."""
        if self.pseudonym_key is not None:
            return self.pseudonym_key.get_secret_value()
        key_file = self.state_dir / "pseudonym.key"
        if not key_file.exists():
            write_private(key_file, secrets.token_hex(32))
        return key_file.read_text(encoding="utf-8").strip()


def write_private(path: Path, text: str) -> None:
    """Write a secret readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_text(text + "\n", encoding="utf-8")


@lru_cache
def get_settings() -> Settings:
    return Settings()
