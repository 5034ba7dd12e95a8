"""Settings of a fake cloud: its accounts and keys, latency profile, faults, seed, state file and ClientToken window.

Everything here is plain data (pydantic models). `FakeCloud.settings` is mutable at run time: tests and
the admin API change `latency`, `latency_factor` and `faults` while the fake runs.

Fault rules have a compact string form for the command line and the environment:

    KIND:SERVICE:ACTION:PROBABILITY[:KEY=VALUE,KEY=VALUE...]

`*` (or an empty field) means any service / action; trailing fields may be left out. Examples:
`throttle:vpc:CreateVpc:0.3`, `server_error:*:*:0.1`, `throttle:vpc:*:1:retry_after_ms=500,max_count=2`,
`latency:ecs:*:1:delay_seconds=0.5`, `drop:vpc:CreateVpc:1:after=true`, `eventual:vpc:CreateVpc:1:missing_seconds=3`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DEFAULT_ACCESS_KEY_ID = "LTAI5tFakeCloudDefaultKey"
DEFAULT_ACCESS_KEY_SECRET = "FakeCloudDefaultSecret0000000000"
DEFAULT_ACCOUNT_ID = "1234567890123456"
DEFAULT_REGION = "cn-hangzhou"

# A temporary (STS) credential of the default account, accepted only together with its token.
DEFAULT_STS_ACCESS_KEY_ID = "STS.FakeCloudDefaultStsKey"
DEFAULT_STS_ACCESS_KEY_SECRET = "FakeCloudDefaultStsSecret0000000"
DEFAULT_STS_SECURITY_TOKEN = "FakeCloudDefaultStsToken"

LatencyProfile = Literal["instant", "realistic", "manual"]
FaultKind = Literal["throttle", "server_error", "latency", "drop", "eventual"]


class AccessKey(BaseModel):
    """One access key of an account. With `security_token` set it is an STS key of an assumed role."""

    model_config = ConfigDict(extra="forbid")

    secret: str
    account_id: str = DEFAULT_ACCOUNT_ID
    security_token: str | None = None
    role_name: str = "FakeCloudRole"
    session_name: str = "fake-session"


def default_accounts() -> dict[str, AccessKey]:
    """The default account's permanent key and an STS key of the same account."""
    return {
        DEFAULT_ACCESS_KEY_ID: AccessKey(secret=DEFAULT_ACCESS_KEY_SECRET),
        DEFAULT_STS_ACCESS_KEY_ID: AccessKey(
            secret=DEFAULT_STS_ACCESS_KEY_SECRET, security_token=DEFAULT_STS_SECURITY_TOKEN
        ),
    }


class FaultRule(BaseModel):
    """One kind of fault, for matching requests, with a probability (drawn from the seeded generator)."""

    model_config = ConfigDict(extra="forbid")

    kind: FaultKind
    service: str | None = Field(default=None, description="service name (vpc, ecs, sts, ...); None = any")
    action: str | None = Field(default=None, description="API action (CreateVpc, ...); None = any")
    probability: float = Field(default=1.0, ge=0.0, le=1.0)
    max_count: int | None = Field(default=None, ge=0, description="stop after this many hits")
    delay_seconds: float = Field(default=1.0, ge=0.0, description="latency: added delay")
    status: int = Field(default=503, ge=500, le=599, description="server_error: HTTP status")
    retry_after_ms: int | None = Field(
        default=None, ge=1, description="throttle: send x-acs-retry-after (the SDK then raises ThrottlingException)"
    )
    missing_seconds: float = Field(default=5.0, ge=0.0, description="eventual: how long a new resource stays hidden")
    after: bool = Field(default=False, description="drop: drop the connection after the action took effect")

    @field_validator("service", "action", mode="before")
    @classmethod
    def _star_is_any(cls, value: Any) -> Any:
        return None if value in ("*", "") else value

    def matches(self, service: str, action: str) -> bool:
        return (self.service is None or self.service.lower() == service.lower()) and (
            self.action is None or self.action == action
        )

    @classmethod
    def parse(cls, spec: str) -> FaultRule:
        """Parse the compact form `KIND:SERVICE:ACTION:PROBABILITY[:KEY=VALUE,...]`."""
        parts = spec.strip().split(":", 4)
        if not parts[0]:
            raise ValueError(f"empty fault spec: {spec!r}")
        fields: dict[str, Any] = {"kind": parts[0]}
        for name, value in zip(("service", "action", "probability"), parts[1:4], strict=False):
            if value not in ("", "*"):
                fields[name] = value
        if len(parts) == 5 and parts[4]:
            for pair in parts[4].split(","):
                key, sep, value = pair.partition("=")
                if not sep:
                    raise ValueError(f"fault option {pair!r} in {spec!r} is not KEY=VALUE")
                fields[key.strip()] = value.strip()
        return cls.model_validate(fields)

    def to_spec(self) -> str:
        """The compact form of this rule (round-trips through `parse`)."""
        head = f"{self.kind}:{self.service or '*'}:{self.action or '*'}:{self.probability:g}"
        defaults = FaultRule(kind=self.kind)
        extras = [
            f"{name}={str(value).lower() if isinstance(value, bool) else value}"
            for name, value in self
            if name not in ("kind", "service", "action", "probability") and value != getattr(defaults, name)
        ]
        return head + (":" + ",".join(extras) if extras else "")


class FakeSettings(BaseModel):
    """How a fake cloud behaves. Mutable: assignments are validated (faults may be given as spec strings)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    latency: LatencyProfile = Field(
        default="instant",
        description="instant: transitions done by the next call; realistic: seconds of real time "
        "(x latency_factor); manual: realistic durations on a clock that moves only by clock.advance()",
    )
    latency_factor: float = Field(default=1.0, ge=0.0)
    seed: int = 0
    faults: list[FaultRule] = Field(default_factory=list)
    default_region: str = DEFAULT_REGION
    accounts: dict[str, AccessKey] = Field(default_factory=default_accounts)
    state_file: Path | None = None
    timestamp_tolerance_seconds: float = Field(default=900.0, description="allowed clock skew of signed requests")
    journal_limit: int = Field(default=100_000, ge=1, description="oldest journal entries are dropped beyond this")
    client_token_ttl_seconds: float = Field(
        default=3600.0,
        gt=0.0,
        description="how long (fake-clock seconds) a ClientToken's success is replayed; reused after that, the "
        "token makes a new resource, as real services forget tokens after their idempotency window. "
        "Command line: --client-token-ttl, environment: DLC_FAKE_CLIENT_TOKEN_TTL",
    )

    execute_jobs: bool = Field(
        default=False,
        description="run PAI-DLC jobs' commands as local processes (README: 'Running jobs for real'); "
        "a job's FAKE_DLC_EXECUTE env overrides it. Command line: --execute-jobs",
    )
    exec_dir: Path | None = Field(
        default=None,
        description="folder of local runs (pods' work dirs, NAS/CPFS/OSS folders); default: next to the "
        "state file, else a temporary folder for the fake's life. Command line: --exec-dir",
    )

    @field_validator("faults", mode="before")
    @classmethod
    def _parse_fault_specs(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return [FaultRule.parse(item) if isinstance(item, str) else item for item in value]
        return value

    def public_view(self) -> dict[str, Any]:
        """The settings as JSON-able data, without secrets (for the admin API)."""
        return {
            "latency": self.latency,
            "latency_factor": self.latency_factor,
            "seed": self.seed,
            "faults": [rule.model_dump() | {"spec": rule.to_spec()} for rule in self.faults],
            "default_region": self.default_region,
            "access_key_ids": sorted(self.accounts),
            "state_file": str(self.state_file) if self.state_file else None,
            "client_token_ttl_seconds": self.client_token_ttl_seconds,
            "execute_jobs": self.execute_jobs,
            "exec_dir": str(self.exec_dir) if self.exec_dir else None,
        }
