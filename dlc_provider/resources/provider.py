"""`CloudProvider`: the dynamic-provider life cycle every cloud resource shares.

A resource's provider subclasses `CloudProvider`, names its `KIND` and input `SPEC`, and implements a
few hooks around its API calls (`send_create`, `observe`, `send_update`, `send_delete`, optionally
`find_existing`). This class turns them into Pulumi's check / diff / create / read / update / delete:

* `check` validates inputs with the spec (unknown values at preview are not judged) and returns them
  normalized; failures carry the input's path and the rule. No cloud call.
* `diff` compares the new inputs with the old *outputs* field by field: `SPEC.REPLACE_FIELDS` replace,
  `SPEC.UPDATE_FIELDS` update in place; an input left unset (None) is not managed and never differs.
  A change of `timeouts` is an update without cloud calls; `adopt_id` and `dlc_identity` never differ.
* `check` also gives a new incarnation its `creation_nonce` (kept from the old inputs afterwards).
* `create` adopts `adopt_id` if given; else looks for what an earlier try of this very create made (its
  creation token, see `tokens`), or sends the create with that token, waits until ready, and if anything
  fails after the cloud made the resource, deletes it before raising `CreateFailed` (naming the ID if that
  cleanup fails too). Single calls are retried on transient errors until the operation's time limit.
* `recover_created` finds what a create that the engine never recorded made (crash recovery).
* `read` serves refresh: current values as outputs, or an empty ID when the resource is gone.
* `delete` treats "not found" as done, rides out dependency and status conflicts within its time
  limit, and waits until the resource is gone.

Providers are stateless as pickled: settings are read in `configure()` (or `use_settings()` in tests and
our command line) and kept out of the pickle by `__getstate__`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from typing import Any, ClassVar

from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    ConfigureRequest,
    CreateResult,
    DiffResult,
    ReadResult,
    ResourceProvider,
    UpdateResult,
)

from ..clients.session import Session
from ..config import CONFIG_KEYS, ProviderSettings
from ..errors import CloudError, Conflict, CreateFailed, DependencyViolation, DlcError, NotFound, WaitFailed
from ..specs.common import META_FIELDS, RESERVED_TAG_PREFIX, InputSpec, Timeouts, contains_unknown, validate_inputs
from ..waiting import ProgressEvent, emit, enable_stderr_progress, keep_trying, operation_deadline, wait_for_status
from .engine_values import as_stored, is_wrapped_secret, reveal
from .tokens import NONCE_FIELD, TAKEOVERS, creation_token, kept_nonce

__all__ = ["CloudProvider", "InputError", "tag_changes", "user_tags"]

log = logging.getLogger(__name__)

#: Error codes that say the thing a create makes is there already (EntityAlreadyExists.Role.Policy, ...).
_ALREADY_EXISTS = re.compile(r"AlreadyExist")

#: Outputs every resource has besides its own: the meta inputs and the token it was created with.
META_OUTPUTS = (*META_FIELDS, "creation_token")


class InputError(DlcError):
    """Inputs that `check` would have refused reached create or update (e.g. a direct provider call)."""


class CloudProvider(ResourceProvider):
    """Base of every cloud resource's dynamic provider (see the module docstring)."""

    KIND: ClassVar[str] = ""
    SPEC: ClassVar[type[InputSpec]] = InputSpec
    #: Statuses that mean ready, and statuses that mean it failed for good.
    READY: ClassVar[frozenset[str]] = frozenset({"Available"})
    FAILED: ClassVar[frozenset[str]] = frozenset()
    #: Statuses of a resource on its way out (a creation token that replays one needs a fresh token).
    GOING: ClassVar[frozenset[str]] = frozenset({"Deleting", "Releasing"})
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

    def use_settings(self, settings: ProviderSettings) -> CloudProvider:
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

    def program_inputs(self, observed: Mapping[str, Any]) -> dict[str, Any]:
        """Inputs a program would write for an observed resource (for import files): the reported
        values of the spec's fields, leaving out empty ones (unset)."""
        return {f: observed[f] for f in self.SPEC.managed_fields() if observed.get(f) not in (None, "")}

    # -- check and diff -------------------------------------------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        # Secrets stay wrapped here: validation looks through them and keeps them out of its messages.
        validation = validate_inputs(self.SPEC, news, region=self._region())
        if validation.failures:
            return CheckResult(news, [CheckFailure(path, reason) for path, reason in validation.failures])
        inputs = dict(news)
        if validation.spec is not None:
            for key, value in validation.spec.model_dump(mode="json").items():
                # A secret input stays wrapped, so the engine keeps treating it as secret.
                if key not in validation.unknown and not is_wrapped_secret(news.get(key)):
                    inputs[key] = value
        nonce = kept_nonce(reveal(olds or {}), news)
        inputs[NONCE_FIELD] = nonce
        if nonce is None:
            del inputs[NONCE_FIELD]
        return CheckResult(inputs, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = reveal(olds), reveal(news)
        validation = validate_inputs(self.SPEC, news)
        values = validation.spec.model_dump(mode="json") if validation.spec is not None else news
        replaces = [f for f in self.SPEC.REPLACE_FIELDS if _differs(f, olds, news, values)]
        updates = [f for f in self.SPEC.UPDATE_FIELDS if _differs(f, olds, news, values)]
        # New time limits must reach the outputs, which is what a later delete is given.
        if contains_unknown(news.get("timeouts")) or _limits(values.get("timeouts")) != _limits(olds.get("timeouts")):
            updates.append("timeouts")
        return DiffResult(
            changes=bool(replaces or updates), replaces=replaces, delete_before_replace=self.DELETE_BEFORE_REPLACE
        )

    # -- create ---------------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        spec = self._spec(props)
        session = self.session()
        with operation_deadline(session.settings.clock, spec.timeout("create")):
            if spec.adopt_id:
                return self._adopt(session, spec)
            token = self.token_of(spec)
            started = session.settings.clock()
            resource_id = self._find_or_send(session, spec, token)
            left = spec.timeout("create") - (session.settings.clock() - started)
            try:
                observed = self._wait_ready(session, resource_id, spec.managed_values(), left, "create")
            except Exception as exc:
                self._clean_up(session, resource_id, spec, exc)
            return CreateResult(resource_id, self._outputs(spec, observed, token))

    def token_of(self, spec: InputSpec) -> str:
        """This incarnation's creation token (see `tokens`)."""
        return creation_token(spec.dlc_identity, spec.managed_values(), spec.creation_nonce)

    def _find_or_send(self, session: Session, spec: InputSpec, token: str) -> str:
        """The resource this create makes: one made earlier with its token (a re-run of the same create), or
        a new one. A create call that still failed transiently after its retries may have taken effect all
        the same: it is looked up by its token once more before the error is raised."""
        existing = self.find_existing(session, spec, token)
        if existing is not None:
            TAKEOVERS.record(self.KIND, existing)
            self._emit(existing, "create", "found, made earlier by this very create (same creation token); using it")
            return existing
        try:
            resource_id = self.send_create(session, spec, token)
        except CloudError as exc:
            if not exc.retryable:
                if _ALREADY_EXISTS.search(exc.code or ""):
                    # A retried call whose first try took effect (its answer was lost) meets its own work.
                    found = self.find_made_by_retry(session, spec, token)
                    if found is not None:
                        self._emit(found, "create", "made by an earlier try of this create (its answer was lost)")
                        return found
                raise
            found = self.find_existing(session, spec, token)
            if found is not None:
                self._emit(found, "create", "the create call failed, but it had taken effect; using what it made")
                return found
            raise type(exc)(
                f"{exc.message}. Nothing with this create's token {token} is found, so nothing was made; run the "
                "update again once the cloud answers",
                code=exc.code, status=exc.status, request_id=exc.request_id, service=exc.service, action=exc.action,
            ) from exc
        self._emit(resource_id, "create", f"create sent (token {token})")
        return resource_id

    def find_made_by_retry(self, session: Session, spec: Any, token: str) -> str | None:
        """After a create call answered "already exists": what a retry of this create had made (the first
        try's answer was lost), looked up by token or natural key. Reads may lag behind the write, so the
        lookup goes on for the not-found grace before the name counts as someone else's (then
        `find_existing`'s own error is raised)."""
        settings = session.settings
        until = settings.clock() + settings.poll.not_found_grace
        while True:
            try:
                found = self.find_existing(session, spec, token)
            except DlcError:
                if settings.clock() >= until:
                    raise
                found = None
            if found is not None or settings.clock() >= until:
                return found
            settings.sleep(settings.poll.initial)

    def recover_created(self, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]] | None:
        """For a create the engine began but never recorded (a pending `creating` operation left by a killed
        engine or provider): find what it made, by the creation token that `props` (the inputs the engine
        recorded, nonce included) give, and return `(id, outputs)` as create would have; None when that
        create made nothing. Makes no changes in the cloud."""
        spec = self._spec(reveal(dict(props)))
        session = self.session()
        if spec.adopt_id:
            observed = self.observe(session, str(spec.adopt_id), spec.managed_values())
            return None if observed is None else (str(spec.adopt_id), self._outputs(spec, observed, None))
        token = self.token_of(spec)
        found = self.find_existing(session, spec, token)
        if found is None:
            return None
        observed = self.observe(session, found, spec.managed_values())
        if observed is None:
            return None
        return found, self._outputs(spec, observed, token)

    def _adopt(self, session: Session, spec: InputSpec) -> CreateResult:
        resource_id = str(spec.adopt_id)
        observed = self.observe(session, resource_id, spec.managed_values())
        if observed is None:
            raise DlcError(f"adopt_id {resource_id!r}: no such {self.KIND} in region {session.region}")
        wanted = spec.managed_values()
        clashes = [
            f"{field} is {observed.get(field)!r} in the cloud but {wanted[field]!r} in the program"
            for field in self.SPEC.REPLACE_FIELDS
            if wanted.get(field) is not None and wanted[field] != observed.get(field)
        ]
        if clashes:
            raise DlcError(
                f"cannot adopt {self.KIND} {resource_id}: " + "; ".join(clashes)
                + " (these fields cannot change in place: fix the program or drop adopt_id)"
            )
        observed = self._wait_ready(session, resource_id, wanted, spec.timeout("create"), "adopt")
        changed = [f for f in self.SPEC.UPDATE_FIELDS if wanted.get(f) is not None and wanted[f] != observed.get(f)]
        if changed:
            self._emit(resource_id, "adopt", f"updating {', '.join(changed)} to match the program")
            self.send_update(session, resource_id, observed, spec, changed)
            observed = self._wait_ready(session, resource_id, wanted, spec.timeout("update"), "adopt")
        TAKEOVERS.record(self.KIND, resource_id)
        self._emit(resource_id, "adopt", "adopted")
        return CreateResult(resource_id, self._outputs(spec, observed, None))

    def _clean_up(self, session: Session, resource_id: str, spec: InputSpec, cause: Exception) -> None:
        """A create failed after the cloud made the resource: delete it, then raise `CreateFailed`."""
        what = f"{self.KIND} {resource_id} was created, but then: {cause}"
        self._emit(resource_id, "cleanup", "create failed; deleting what was made")
        try:
            self._delete_and_wait(session, resource_id, spec.managed_values(), spec.timeout("delete"), "cleanup")
        except Exception as cleanup_error:
            raise CreateFailed(
                f"{what}. Deleting it failed too ({cleanup_error}), so {self.KIND} {resource_id} is left "
                f"behind: delete it by hand, or manage it with adopt_id={resource_id!r}",
                resource_id=resource_id,
                leaked_id=resource_id,
            ) from cause
        raise CreateFailed(f"{what}. It was deleted again; nothing is left behind.", resource_id=resource_id) from cause

    # -- read, update, delete -------------------------------------------------------------------------------
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        observed = self.observe(self.session(), id_, props)
        if observed is None:
            return ReadResult("", {})  # gone out of band: an empty ID drops it from the state
        meta = {key: props.get(key) for key in META_OUTPUTS}
        return ReadResult(id_, {**meta, **observed})

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        spec = self._spec(news)
        session = self.session()
        wanted = spec.managed_values()
        changed = [f for f in self.SPEC.UPDATE_FIELDS if wanted.get(f) is not None and wanted[f] != olds.get(f)]
        with operation_deadline(session.settings.clock, spec.timeout("update")):
            if changed:
                self._emit(id_, "update", f"updating {', '.join(changed)}")
                self.send_update(session, id_, olds, spec, changed)
            observed = self._wait_ready(session, id_, {**olds, **wanted}, spec.timeout("update"), "update")
        return UpdateResult(self._outputs(spec, observed, olds.get("creation_token")))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if (self.KIND, id_) in TAKEOVERS:
            self._emit(id_, "delete", "skipped: a create in this run took this resource over")
            return
        timeouts = Timeouts.model_validate(props.get("timeouts") or {})
        limit = timeouts.delete if timeouts.delete is not None else self.SPEC.DEFAULT_TIMEOUTS["delete"]
        session = self.session()
        with operation_deadline(session.settings.clock, float(limit)):
            self._delete_and_wait(session, id_, props, float(limit), "delete")

    def _delete_and_wait(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], timeout: float, phase: str
    ) -> None:
        settings = session.settings
        started = settings.clock()

        def send() -> bool:
            try:
                self.send_delete(session, resource_id, olds)
            except NotFound:
                return False
            return True

        sent = keep_trying(
            send, kind=self.KIND, resource_id=resource_id, phase=phase, settings=settings, timeout=timeout,
            blocked_by=(DependencyViolation, Conflict),
        )
        if not sent:
            self._emit(resource_id, phase, "already gone")
            return
        left = max(timeout - (settings.clock() - started), 0.0)
        wait_for_status(
            lambda: self._status(session, resource_id, olds), kind=self.KIND, resource_id=resource_id,
            ready=(), settings=settings, timeout=left, missing="done", phase=phase,
        )

    # -- helpers --------------------------------------------------------------------------------------------
    def _spec(self, props: Mapping[str, Any]) -> Any:
        validation = validate_inputs(self.SPEC, props)
        if validation.spec is None:
            problems = "; ".join(f"{path}: {reason}" for path, reason in validation.failures) or "unknown values"
            raise InputError(f"invalid {self.KIND} inputs: {problems}")
        return validation.spec

    def _status(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> str | None:
        observed = self.observe(session, resource_id, hint)
        return None if observed is None else str(observed.get("status") or "")

    def _wait_ready(
        self, session: Session, resource_id: str, hint: Mapping[str, Any], timeout: float, phase: str
    ) -> dict[str, Any]:
        latest: dict[str, Any] = {}

        def status() -> str | None:
            observed = self.observe(session, resource_id, hint)
            latest.clear()
            if observed is None:
                return None
            latest.update(observed)
            return str(observed.get("status") or "")

        wait_for_status(
            status, kind=self.KIND, resource_id=resource_id, ready=self.READY, failed=self.FAILED | self.GOING,
            settings=session.settings, timeout=max(timeout, 0.0), missing="grace", phase=phase,
        )
        return dict(latest)

    def _outputs(self, spec: InputSpec, observed: Mapping[str, Any], token: str | None) -> dict[str, Any]:
        meta = {
            "dlc_identity": spec.dlc_identity,
            "adopt_id": spec.adopt_id,
            "timeouts": spec.timeouts.model_dump(mode="json") if spec.timeouts is not None else None,
            NONCE_FIELD: spec.creation_nonce,
            "creation_token": token,
        }
        return {**spec.managed_values(), **observed, **meta}

    def _emit(self, resource_id: str, phase: str, message: str) -> None:
        emit(ProgressEvent(self.KIND, resource_id, phase, None, 0.0, message))


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
