"""`CloudProvider`: the dynamic-provider life cycle every cloud resource shares.

A resource's provider subclasses `CloudProvider`, names its `KIND` and input `SPEC`, and implements its
API calls (`send_create`, `observe`, `send_update`, `send_delete`, optionally `find_existing` and
`blockers`); where a family differs it overrides the hooks with defaults of `hooks.ProviderHooks`. This
class turns them into Pulumi's check / diff / create / read / update / delete:

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
our command line) and kept out of the pickle by `__getstate__` (see `hooks`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Collection, Mapping
from typing import Any

from pulumi.dynamic import CheckFailure, CheckResult, CreateResult, DiffResult, ReadResult, UpdateResult

from ..clients.session import Session
from ..errors import CloudError, Conflict, CreateFailed, DependencyViolation, DlcError, NotFound
from ..waiting import ProgressEvent, caller_handles, emit, keep_trying, operation_deadline, wait_for_status
from .engine_values import reveal
from .hooks import InputError, ProviderHooks, tag_changes, user_tags
from .tokens import NONCE_FIELD, TAKEOVERS, creation_token, kept_nonce

__all__ = ["CloudProvider", "InputError", "tag_changes", "user_tags"]

log = logging.getLogger(__name__)

#: Error codes that say the thing a create makes is there already (EntityAlreadyExists.Role.Policy, ...).
_ALREADY_EXISTS = re.compile(r"AlreadyExist")


class CloudProvider(ProviderHooks):
    """Base of every cloud resource's dynamic provider: the life cycle (see the module docstring) over the
    hooks of `ProviderHooks`."""

    # -- check and diff -------------------------------------------------------------------------------------
    def check(self, olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        # Secrets stay wrapped here: validation looks through them and keeps them out of its messages.
        validation = self.validate(news)
        if validation.failures:
            return CheckResult(news, [CheckFailure(path, reason) for path, reason in validation.failures])
        inputs = self.checked_inputs(news, validation)
        nonce = kept_nonce(reveal(olds or {}), news)
        inputs[NONCE_FIELD] = nonce
        if nonce is None:
            del inputs[NONCE_FIELD]
        return CheckResult(inputs, [])

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        olds, news = reveal(olds), reveal(news)
        replaces, updates = self.changes(olds, news, self.validate(news))
        return DiffResult(
            changes=bool(replaces or updates), replaces=replaces, delete_before_replace=self.DELETE_BEFORE_REPLACE
        )

    # -- create ---------------------------------------------------------------------------------------------
    def create(self, props: dict[str, Any]) -> CreateResult:
        props = reveal(props)
        spec = self._spec(props)
        session = self.session()
        limit = self.limit(props, "create")
        with operation_deadline(session.settings.clock, limit):
            if props.get("adopt_id"):
                return self._adopt(session, str(props["adopt_id"]), spec, props)
            token = self.token_of(props, spec)
            started = session.settings.clock()
            resource_id = self._find_or_send(session, spec, token)
            left = max(limit - (session.settings.clock() - started), 0.0)
            try:
                observed = self.wait_created(session, resource_id, spec, left)
            except Exception as exc:
                self._clean_up(session, resource_id, props, exc)
            return CreateResult(resource_id, self.outputs(spec, observed, token, props))

    def token_of(self, props: Mapping[str, Any], spec: Any) -> str:
        """This incarnation's creation token (see `tokens`): identity and nonce from the inputs."""
        identity = str(props.get("dlc_identity") or "")
        return creation_token(identity, self.token_inputs(self.session(), spec), props.get(NONCE_FIELD))

    def limit(self, props: Mapping[str, Any], phase: str) -> float:
        """The time limit (seconds) of a phase: the `timeouts` input, else the resource's default."""
        timeouts = props.get("timeouts")
        chosen = timeouts.get(phase) if isinstance(timeouts, Mapping) else None
        return float(chosen if chosen is not None else self.default_timeouts()[phase])

    def _find_or_send(self, session: Session, spec: Any, token: str) -> str:
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
        props = reveal(dict(props))
        spec = self._spec(props)
        session = self.session()
        token = None if props.get("adopt_id") else self.token_of(props, spec)
        found = str(props["adopt_id"]) if token is None else self.find_existing(session, spec, token)
        observed = self.observe(session, found, self.wanted(spec)) if found else None
        if found is None or observed is None:
            return None
        return found, self.outputs(spec, observed, token, props)

    def _adopt(self, session: Session, resource_id: str, spec: Any, props: Mapping[str, Any]) -> CreateResult:
        wanted = self.wanted(spec)
        observed = self.observe(session, resource_id, wanted)
        if observed is None:
            raise DlcError(f"adopt_id {resource_id!r}: no such {self.KIND} in region {session.region}")
        clashes = self.adopt_clashes(session, resource_id, spec, observed)
        if clashes:
            raise DlcError(
                f"cannot adopt {self.KIND} {resource_id}: " + "; ".join(clashes)
                + " (these inputs replace the resource, they cannot change in place: fix the program or drop adopt_id)"
            )
        observed = self.settled(session, resource_id, wanted, self.limit(props, "create"), "adopt")
        changed = self.to_update(observed, spec)
        if changed:
            self._emit(resource_id, "adopt", f"updating {', '.join(changed)} to match the program")
            self.send_update(session, resource_id, observed, spec, changed)
            observed = self.settled(session, resource_id, wanted, self.limit(props, "update"), "adopt")
        TAKEOVERS.record(self.KIND, resource_id)
        self._emit(resource_id, "adopt", "adopted")
        return CreateResult(resource_id, self.outputs(spec, observed, None, props))

    def _clean_up(self, session: Session, resource_id: str, props: Mapping[str, Any], cause: Exception) -> None:
        """A create failed after the cloud made the resource: delete it, then raise `CreateFailed`."""
        details = self.failure_details(session, resource_id)
        what = f"{self.KIND} {resource_id} was created, but then: {cause}" + (f"\n  {details}" if details else "")
        self._emit(resource_id, "cleanup", "create failed; deleting what was made")
        try:
            self._delete_and_wait(session, resource_id, props, self.limit(props, "delete"), "cleanup")
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
        session = self.session()
        observed = self.observe(session, id_, props)
        if observed is None:
            return ReadResult("", {})  # gone out of band: an empty ID drops it from the state
        return ReadResult(id_, self.read_outputs(session, id_, props, observed))

    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        olds, news = reveal(olds), reveal(news)
        spec = self._spec(news)
        session = self.session()
        limit = self.limit(news, "update")
        changed = self.to_update(olds, spec)
        with operation_deadline(session.settings.clock, limit):
            if changed:
                self._emit(id_, "update", f"updating {', '.join(changed)}")
                self.send_update(session, id_, olds, spec, changed)
            observed = self.settled(session, id_, {**olds, **self.wanted(spec)}, limit, "update")
        return UpdateResult(self.outputs(spec, observed, olds.get("creation_token"), news))

    def delete(self, id_: str, props: dict[str, Any]) -> None:
        if (self.KIND, id_) in TAKEOVERS:
            self._emit(id_, "delete", "skipped: a create in this run took this resource over")
            return
        props = reveal(props)
        limit = self.limit(props, "delete")
        session = self.session()
        with operation_deadline(session.settings.clock, limit):
            self._delete_and_wait(session, id_, props, limit, "delete")

    def _delete_and_wait(
        self, session: Session, resource_id: str, olds: Mapping[str, Any], timeout: float, phase: str
    ) -> None:
        settings = session.settings
        started = settings.clock()

        def send() -> bool:
            try:
                with caller_handles(Conflict):
                    self.send_delete(session, resource_id, olds)
            except NotFound:
                return False
            except Conflict:
                # A retried delete whose first try took effect (its answer was lost) meets a resource that is
                # gone or going: that is done, not a conflict to wait out until the time limit.
                status = self._status(session, resource_id, olds)
                if status is None:
                    return False
                if status in self.GOING:
                    return True
                raise
            return True

        try:
            sent = keep_trying(
                send, kind=self.KIND, resource_id=resource_id, phase=phase, settings=settings, timeout=timeout,
                blocked_by=(DependencyViolation, Conflict),
            )
        except DependencyViolation as exc:
            exc.args = (f"{exc}{self._what_blocks(session, resource_id, olds)}",)
            raise
        if not sent:
            self._emit(resource_id, phase, "already gone")
            return
        left = max(timeout - (settings.clock() - started), 0.0)
        wait_for_status(
            lambda: self._status(session, resource_id, olds), kind=self.KIND, resource_id=resource_id,
            ready=(), settings=settings, timeout=left, missing="done", phase=phase,
            typical=self.LIFE_CYCLE.typical(phase),
        )

    def _what_blocks(self, session: Session, resource_id: str, olds: Mapping[str, Any]) -> str:
        try:
            found = self.blockers(session, resource_id, olds)
        except Exception:  # naming the blockers is a courtesy: never hide the real error behind it
            log.debug("listing what blocks %s %s failed", self.KIND, resource_id, exc_info=True)
            return ""
        if not found:
            return ""
        return (f". Still in {self.KIND} {resource_id}: {', '.join(found)}. Delete those first (they may be "
                "another stack's or made outside Pulumi), then run the destroy again")

    # -- helpers --------------------------------------------------------------------------------------------
    def _spec(self, props: Mapping[str, Any]) -> Any:
        validation = self.validate(props)
        if validation.spec is None:
            problems = "; ".join(f"{path}: {reason}" for path, reason in validation.failures) or "unknown values"
            raise InputError(f"invalid {self.KIND} inputs: {problems}")
        return validation.spec

    def _status(self, session: Session, resource_id: str, hint: Mapping[str, Any]) -> str | None:
        observed = self.observe(session, resource_id, hint)
        return None if observed is None else str(observed.get("status") or "")

    def _wait_ready(
        self, session: Session, resource_id: str, hint: Mapping[str, Any], timeout: float, phase: str, *,
        ready: Collection[str] | None = None, failed: Collection[str] | None = None,
    ) -> dict[str, Any]:
        """Poll `observe` until a `ready` status (default `READY`), failing on a `failed` one (default `FAILED`
        and `GOING`); the last outputs observed."""
        latest: dict[str, Any] = {}

        def status() -> str | None:
            observed = self.observe(session, resource_id, hint)
            latest.clear()
            if observed is None:
                return None
            latest.update(observed)
            return str(observed.get("status") or "")

        wait_for_status(
            status, kind=self.KIND, resource_id=resource_id, ready=self.READY if ready is None else ready,
            failed=self.FAILED | self.GOING if failed is None else failed,
            settings=session.settings, timeout=max(timeout, 0.0), missing="grace", phase=phase,
            typical=self.LIFE_CYCLE.typical(phase),
        )
        return dict(latest)

    def outputs(self, spec: Any, observed: Mapping[str, Any], token: str | None, props: Mapping[str, Any]) -> dict[str, Any]:
        """What create, update and adoption return: the spec's values, what is observed, the meta inputs and
        the creation token (None for an adopted resource)."""
        meta = {key: props.get(key) for key in ("dlc_identity", "adopt_id", NONCE_FIELD)}
        return {**self.wanted(spec), **observed, **meta, "creation_token": token}

    def _emit(self, resource_id: str, phase: str, message: str) -> None:
        emit(ProgressEvent(self.KIND, resource_id, phase, None, 0.0, message))
