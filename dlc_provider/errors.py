"""Our exceptions, and the one place that maps Alibaba Cloud SDK errors onto them.

Every cloud failure surfaces as a `CloudError` subclass carrying the API `code`, `message`, `request_id`,
HTTP `status`, the `service`/`action` that failed and whether a retry may help (`retryable`). The SDK
raises `TeaException` subclasses (4xx `ClientException`, 5xx `ServerException`, `ThrottlingException`
with `retry_after`, and `UnretryableException` without a code for transport failures);
`from_sdk_exception` is the only function that looks at them.

Provider-level failures that are not a single API error (a wait that timed out, a create that had to be
cleaned up, bad settings) are `DlcError`s of their own. Nothing here ever holds a credential.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = [
    "AuthError",
    "CloudError",
    "ConfigError",
    "Conflict",
    "CreateFailed",
    "DependencyViolation",
    "DlcError",
    "InvalidInput",
    "NotFound",
    "ServerError",
    "Throttled",
    "TransportError",
    "WaitFailed",
    "WaitTimeout",
    "classify",
    "from_sdk_exception",
]


class DlcError(Exception):
    """Base of every error this package raises."""


class ConfigError(DlcError):
    """Provider settings are missing or wrong (region, credentials, endpoints)."""


class CloudError(DlcError):
    """One failed API call, as a value: code, message, request ID, HTTP status and a retry hint."""

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        request_id: str | None = None,
        service: str | None = None,
        action: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.status = status
        self.request_id = request_id
        self.service = service
        self.action = action
        self.retry_after = retry_after
        super().__init__(self._text())

    def _text(self) -> str:
        where = f"{self.service} {self.action}: " if self.service and self.action else ""
        code = f"{self.code}: " if self.code else ""
        status = f" (HTTP {self.status})" if self.status else ""
        request = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{where}{code}{self.message}{status}{request}"


class NotFound(CloudError):
    """The resource (or one the call names) does not exist."""


class Conflict(CloudError):
    """The resource is busy or in a status that does not allow the call yet; retrying later helps."""

    retryable = True


class DependencyViolation(CloudError):
    """Other resources still use this one (delete them first); deletes ride this out until their timeout."""


class Throttled(CloudError):
    """The API throttled us."""

    retryable = True


class ServerError(CloudError):
    """A 5xx answer: the service failed on its side."""

    retryable = True


class TransportError(CloudError):
    """No usable answer: connection refused or dropped, timeout, unreadable body. `unreachable` when no
    connection could be made at all (refused, unknown host): retried only briefly, as that is more often a
    wrong endpoint or a network that is down than a passing fault."""

    retryable = True
    unreachable: bool = False


class InvalidInput(CloudError):
    """The service rejected a parameter (malformed, out of range, quota, mismatched idempotency token)."""


class AuthError(CloudError):
    """Credentials are missing, wrong, expired, or not allowed to make the call."""


class WaitTimeout(DlcError):
    """A resource did not reach the wanted status within its time limit."""

    def __init__(self, message: str, *, resource_id: str | None = None, last_status: str | None = None) -> None:
        self.resource_id = resource_id
        self.last_status = last_status
        super().__init__(message)


class WaitFailed(DlcError):
    """A resource reached a failure status (or vanished) while we waited for it."""

    def __init__(self, message: str, *, resource_id: str | None = None, last_status: str | None = None) -> None:
        self.resource_id = resource_id
        self.last_status = last_status
        super().__init__(message)


class CreateFailed(DlcError):
    """A create failed after the cloud made the resource. `leaked_id` is set when cleaning up failed too."""

    def __init__(self, message: str, *, resource_id: str, leaked_id: str | None = None) -> None:
        self.resource_id = resource_id
        self.leaked_id = leaked_id
        super().__init__(message)


# --- mapping ---------------------------------------------------------------------------------------------

_AUTH_CODES = re.compile(
    r"^(SignatureDoesNotMatch|IncompleteSignature|InvalidAccessKeyId(\..*)?|InvalidTimeStamp\..*|"
    r"SignatureNonceUsed|InvalidSecurityToken\..*|Forbidden\.RAM|Forbidden\.AccessKey.*|NoPermission|"
    r"Forbidden\.NoPermission|Forbidden\.Unauthorized|InvalidCredentials|MissingSecurityToken)$"
)
_DEPENDENCY_CODES = re.compile(
    r"^(DependencyViolation(\..*)?|DeleteConflict\..*|InvalidIpStatus\.HasBeenUsedBySnatTable|"
    r"OperationDenied\.LifecyclePolicyAssociated|OperationDenied\.DependencyViolation)$"
)
# Wrong status or busy: codes the APIs document as "try again later" (typos included, they are the real codes).
_CONFLICT_CODES = re.compile(
    r"^(Incorrect\w*Status(\..*)?|IncorrectStatus\..*|IncorretSnatEntryStatus|InvalidBindingStatus|"
    r"OperationConflict|TaskConflict|LastTokenProcessing|OperationFailed\.IdempotentTokenProcessing|"
    r"SystemBusy|OperationDenied\.InvalidState|IdempotentProcessing|InvalidStatus\..*|"
    r"OperationFailed\.LastTokenProcessing|ServiceBusy|Operation\.Conflict)$"
)
# Codes that end in NotFound but name an input, not the resource the call is about.
_INPUT_NOT_FOUND = re.compile(r"^(InvalidZoneId\.NotFound|InvalidRegionId\.NotFound)$")
_NOT_FOUND_CODES = re.compile(
    r"(NotFound|NotExist|NotExists|NOT_EXISTS)|^(NoSuch\w+|Forbidden\.VpcNotFound|ResourceNotFound(\..*)?|"
    r"InvalidParam\.SecurityGroupRuleId|Forbidden\.NasNotFound)$"
)
_INPUT_CODES = re.compile(
    r"^(MissingParameter|MissingParam\..*|InvalidParameter(\..*)?|InvalidParam\..*|IllegalParam(eter)?\..*|"
    r".*\.Malformed|InvalidCidrBlock\..*|InvalidCirdrBlock\..*|.*\.ValueNotSupported|QuotaExceeded(\..*)?|"
    r"IdempotentParameterMismatch|EIP_NOT_IN_GATEWAY|Forbidden\.SourceVSwitchId\.Duplicated|"
    r"AuthorizationLimitExceed|InvalidBandwidth\..*|DryRunOperation|OperationDenied\.DefaultAccessGroup|"
    r"Invalid(MountTarget|AccessGroup|AccessRule)\.AlreadyExisted)$"
)

# The first pattern that matches decides (the anchored ones match whole codes; not-found matches a part).
_BY_CODE: tuple[tuple[re.Pattern[str], type[CloudError]], ...] = (
    (_AUTH_CODES, AuthError),
    (_DEPENDENCY_CODES, DependencyViolation),
    (_CONFLICT_CODES, Conflict),
    (_INPUT_NOT_FOUND, InvalidInput),
    (_NOT_FOUND_CODES, NotFound),
    (_INPUT_CODES, InvalidInput),
)


def classify(code: str | None, status: int | None) -> type[CloudError]:
    """The error class for an API error code and HTTP status (the codes the VPC, ECS, NAS, RAM and PAI APIs document)."""
    code = code or ""
    if "Throttling" in code:
        return Throttled
    for pattern, error_class in _BY_CODE if code else ():
        if pattern.search(code):
            return error_class
    if code == "NotImplemented" or status == 501:
        # Retrying an action the endpoint does not have never helps (the fake answers 501 for gaps).
        return CloudError
    if status is not None and status >= 500 or code in ("ServiceUnavailable", "InternalError"):
        return ServerError
    if status in (401, 403):
        return AuthError
    if status == 404:
        return NotFound
    return CloudError


def from_sdk_exception(exc: BaseException, *, service: str, action: str) -> CloudError:
    """Map anything an SDK call raised onto a `CloudError` (the one place that knows SDK error shapes)."""
    if isinstance(exc, CloudError):
        return exc
    code: str | None = getattr(exc, "code", None)
    status: int | None = getattr(exc, "status_code", None) or getattr(exc, "statusCode", None)
    request_id: str | None = getattr(exc, "request_id", None)
    data: Any = getattr(exc, "data", None)
    message = getattr(exc, "message", None)
    if isinstance(data, dict):
        request_id = request_id or data.get("RequestId") or data.get("requestId")
        message = data.get("Message") or data.get("message") or message
        code = code or data.get("Code") or data.get("code")
    retry_after_ms = getattr(exc, "retry_after", None)
    retry_after = float(retry_after_ms) / 1000.0 if isinstance(retry_after_ms, (int, float)) else None
    if code is None and status is None:
        if _is_credentials_error(exc):
            return AuthError(
                f"no usable credentials: {_short(exc)}", code="Credentials", service=service, action=action
            )
        # UnretryableException and raw requests/socket errors: the request got no usable answer.
        text = _short(exc)
        refused = _UNREACHABLE.search(text)
        if refused:
            error = TransportError(
                f"cannot connect to the endpoint ({refused.group(0)}): check the endpoint settings "
                "(dlc:endpoint / dlc:endpoints) and the network", service=service, action=action,
            )
            error.unreachable = True
            return error
        return TransportError(text, service=service, action=action)
    cls = classify(code, status)
    return cls(
        str(message or _short(exc)),
        code=code,
        status=status,
        request_id=request_id,
        service=service,
        action=action,
        retry_after=retry_after if cls is Throttled else None,
    )


_UNREACHABLE = re.compile(
    r"Connection refused|Name or service not known|nodename nor servname provided|No route to host|"
    r"Temporary failure in name resolution|Network is unreachable"
)


def _is_credentials_error(exc: BaseException) -> bool:
    # The SDK wraps what its credentials provider raised in an UnretryableException (`inner_exception`).
    for candidate in (exc, getattr(exc, "inner_exception", None), exc.__cause__):
        if candidate is not None and "credential" in type(candidate).__name__.lower():
            return True
    return False


def _short(exc: BaseException) -> str:
    data = getattr(exc, "data", None)
    if isinstance(data, dict) and data.get("message"):
        return str(data["message"])
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 500 else text[:497] + "..."
