"""`ProviderHooks`: what each resource's dynamic provider declares and implements, with the defaults that
serve every resource; `provider.CloudProvider` runs the one life cycle on top of them.

Also here: reading settings (providers are stateless as pickled: settings come from `configure()` or
`use_settings()` and stay out of the pickle), and the small value helpers the hooks and resources share
(`tag_changes`, `user_tags`).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import ConfigureRequest, ResourceProvider

from ..clients.session import Session
from ..config import CONFIG_KEYS, ProviderSettings
from ..errors import DlcError
from ..schedule import LifeCycle
from ..specs.common import META_FIELDS, RESERVED_TAG_PREFIX, InputSpec, Validation, contains_unknown, validate_inputs
from ..waiting import enable_stderr_progress
from .engine_values import as_stored, is_wrapped_secret

__all__ = ["META_OUTPUTS", "InputError", "ProviderHooks", "tag_changes", "user_tags"]

log = logging.getLogger(__name__)

#: Outputs every resource has besides its own: the meta inputs and the token it was created with.
META_OUTPUTS = (*META_FIELDS, "creation_token")


class InputError(DlcError):
    """Inputs that `check` would have refused reached create or update (e.g. a direct provider call)."""


class ProviderHooks(ResourceProvider):
    """What a resource's provider declares and implements; `CloudProvider` runs the life cycle on top.

    Every provider sets `KIND` and `SPEC` and implements the cloud calls (`send_create`, `observe`,
    `send_delete`, and `send_update`, `find_existing`, `blockers` where it has them). The hooks with defaults
    serve every resource; a family that differs (the DLC job) overrides them."""

    KIND: ClassVar[str] = ""
    SPEC: ClassVar[type[InputSpec]] = InputSpec
    #: Statuses that mean ready, and statuses that mean it failed for good.
    READY: ClassVar[frozenset[str]] = frozenset({"Available"})
    FAILED: ClassVar[frozenset[str]] = frozenset()
    #: Statuses of a resource on its way out (a creation token that replays one needs a fresh token).
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting", "Releasing"})
    #: How long the kind typically stays in each status (its client module's `LIFE_CYCLE` entry): waits
    #: poll around the expected moments.
    LIFE_CYCLE: ClassVar[LifeCycle] = LifeCycle()
    #: Replace by deleting first (for resources identified by their content, such as rules).
    DELETE_BEFORE_REPLACE: ClassVar[bool] = False

    # -- settings ------------------------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        # The provider is pickled into the state: never settings, credentials, clients or locks.
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def configure(self, req: ConfigureRequest) -> None:
        self.__dict__["_raw_config"] = {key: req.config.get(key) for key in CONFIG_KEYS}
        self.__dict__.pop("_session", None)
        enable_stderr_progress()

    def use_settings(self, settings: ProviderSettings) -> ProviderHooks:
        """Use these settings instead of stack config and environment (tests, our command line)."""
        self.__dict__["_session"] = Session(settings)
        return self

    def _region(self) -> str | None:
        try:
            return self.session().region
        except Exception:  # check may run before settings are usable: region rules are then skipped
            return None

    def session(self) -> Session:
        session = self.__dict__.get("_session")
        if session is None:
            settings = ProviderSettings.from_sources(self.__dict__.get("_raw_config"), os.environ)
            session = self.__dict__["_session"] = Session(settings)
        return session

    # -- hooks --------------------------------------------------------------------------------------------
    def find_existing(self, session: Session, spec: Any, token: str) -> str | None:
        """A live resource this create made before (by tag or natural key), to take over; None if none."""
        return None

    def send_create(self, session: Session, spec: Any, token: str) -> str:
        raise NotImplementedError

    def observe(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> dict[str, Any] | None:
        """Current outputs (the spec's fields in canonical form, computed ones, and `status`), or None if
        the resource does not exist. `hint` is the old outputs (or the inputs) for lookups that need more
        than the ID."""
        raise NotImplementedError

    def send_update(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], spec: Any, changed: list[str]
    ) -> None:
        raise NotImplementedError(f"{self.KIND} has no in-place updates")

    def send_delete(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> None:
        raise NotImplementedError

    def blockers(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> list[str]:
        """What still stands in the way of deleting this resource, as `kind id` labels (e.g. the vSwitches
        of a VPC), named in the error when a delete stays refused. Default: nothing known."""
        return []

    def program_inputs(self, observed: Mapping[str, Any]) -> dict[str, Any]:
        """Inputs a program would write for an observed resource (for import files): the reported
        values of the spec's fields, leaving out empty ones (unset)."""
        return {f: observed[f] for f in self.SPEC.managed_fields() if observed.get(f) not in (None, "")}

    # -- hooks with defaults: what one resource family does differently (the DLC job overrides most) ----------
    def validate(self, props: Mapping[str, Any]) -> Validation:
        """The inputs as a spec, or failures as (input path, rule); unknown values are not judged."""
        return validate_inputs(self.SPEC, props, region=self._region())

    def checked_inputs(self, news: Mapping[str, Any], validation: Validation) -> dict[str, Any]:
        """The inputs `check` hands back: normalized by the spec (secret inputs stay wrapped)."""
        inputs = dict(news)
        if validation.spec is not None:
            for key, value in validation.spec.model_dump(mode="json").items():
                # A secret input stays wrapped, so the engine keeps treating it as secret.
                if key not in validation.unknown and not is_wrapped_secret(news.get(key)):
                    inputs[key] = value
        return inputs

    def changes(
        self, olds: Mapping[str, Any], news: Mapping[str, Any], validation: Validation
    ) -> tuple[list[str], list[str]]:
        """(inputs whose change replaces, inputs updated in place) between old outputs and new inputs."""
        values = validation.spec.model_dump(mode="json") if validation.spec is not None else news
        replaces = [f for f in self.SPEC.REPLACE_FIELDS if _differs(f, olds, news, values)]
        updates = [f for f in self.SPEC.UPDATE_FIELDS if _differs(f, olds, news, values)]
        # New time limits must reach the outputs, which is what a later delete is given.
        if contains_unknown(news.get("timeouts")) or _limits(values.get("timeouts")) != _limits(olds.get("timeouts")):
            updates.append("timeouts")
        return replaces, updates

    def wanted(self, spec: Any) -> dict[str, Any]:
        """The spec's values as outputs (and the hint `observe` gets before there are outputs)."""
        timeouts = spec.timeouts.model_dump(mode="json") if spec.timeouts is not None else None
        return {**spec.managed_values(), "timeouts": timeouts}

    def token_inputs(self, session: Session, spec: Any) -> Any:
        """What the creation token hashes besides identity and nonce: the cloud-facing inputs."""
        return spec.managed_values()

    def default_timeouts(self) -> Mapping[str, float]:
        return self.SPEC.DEFAULT_TIMEOUTS

    def wait_created(self, session: Session, resource_id: str, spec: Any, timeout: float) -> dict[str, Any]:
        """Wait after the create call until the resource is ready; its outputs."""
        return self._wait_ready(session, resource_id, self.wanted(spec), timeout, "create")

    def settled(
        self, session: Session, resource_id: str, hint: Mapping[str, Any], timeout: float, phase: str
    ) -> dict[str, Any]:
        """Wait after an update (or an adoption) until the resource is ready again; its outputs."""
        return self._wait_ready(session, resource_id, hint, timeout, phase)

    def failure_details(self, session: Session, resource_id: str) -> str:
        """More about why a just-created resource failed (best effort, never raises)."""
        return ""

    def to_update(self, current: Mapping[str, Any], spec: Any) -> list[str]:
        """In-place fields whose wanted value differs from `current` (old outputs, or what was observed)."""
        wanted = spec.managed_values()
        return [f for f in self.SPEC.UPDATE_FIELDS if wanted.get(f) is not None and wanted[f] != current.get(f)]

    def adopt_clashes(self, session: Session, resource_id: str, spec: Any, observed: Mapping[str, Any]) -> list[str]:
        """Why an existing resource cannot be adopted as the program declares it (replacing fields differ)."""
        wanted = spec.managed_values()
        return [
            f"{field} is {observed.get(field)!r} in the cloud but {wanted[field]!r} in the program"
            for field in self.SPEC.REPLACE_FIELDS
            if wanted.get(field) is not None and wanted[field] != observed.get(field)
        ]

    def read_outputs(
        self, session: Session, resource_id: str, props: Mapping[str, Any], observed: Mapping[str, Any]
    ) -> dict[str, Any]:
        """A refresh's outputs: the stored meta inputs and what is observed."""
        return {**{key: props.get(key) for key in META_OUTPUTS}, **observed}


def _limits(value: Any) -> dict[str, float]:
    """Time limits without unset entries (the engine may drop nulls inside maps it stores)."""
    if not isinstance(value, Mapping):
        return {}
    return {k: float(v) for k, v in value.items() if v is not None}


def _differs(field: str, olds: Mapping[str, Any], news: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    raw = news.get(field)
    if contains_unknown(raw):
        return True
    wanted = values.get(field, raw)
    return wanted is not None and as_stored(wanted) != as_stored(olds.get(field))


def tag_changes(old: Mapping[str, str] | None, new: Mapping[str, str]) -> tuple[dict[str, str], list[str]]:
    """Tags to set (new or changed) and keys to remove, to go from `old` to `new` user tags."""
    old = dict(old or {})
    to_set = {k: v for k, v in new.items() if old.get(k) != v}
    to_remove = sorted(k for k in old if k not in new)
    return to_set, to_remove


def user_tags(tags: Mapping[str, str]) -> dict[str, str]:
    """Tags as the user sees them: without the provider's reserved ones."""
    return dict(sorted((k, v) for k, v in tags.items() if not k.startswith(RESERVED_TAG_PREFIX)))
