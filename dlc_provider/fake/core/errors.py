"""Errors of the fake cloud as values: an API error code, a message and an HTTP status.

Every service raises subclasses of `FakeError` (one line each: code, status, message template); the
core turns them into the wire format in exactly one place (`wire.render_error`). This module holds the
base class and the errors every service shares (parameters, signatures, throttling, server faults).
"""

from __future__ import annotations

from typing import Any, ClassVar


class FakeError(Exception):
    """An API error. Subclasses set `code`, `status` and a `message` template formatted with kwargs.

    `code`, `status`, `headers` and `message` are keyword arguments of their own (a one-off error can
    override them), so message templates must name their fields otherwise (`{current}`, not `{status}`).
    """

    code: ClassVar[str] = "InternalError"
    status: ClassVar[int] = 500
    message: ClassVar[str] = "The request processing has failed due to some unknown error."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        **fields: Any,
    ) -> None:
        # Instance attributes shadow the class defaults, so one-off errors need no subclass.
        self.code = code or type(self).code  # type: ignore[misc]
        self.status = status or type(self).status  # type: ignore[misc]
        self.message = message if message is not None else type(self).message.format(**fields)  # type: ignore[misc]
        self.headers: dict[str, str] = dict(headers or {})
        super().__init__(f"{self.code}: {self.message}")


# --- parameters -------------------------------------------------------------------------------------
class MissingParameter(FakeError):
    code, status = "MissingParameter", 400
    message = 'The input parameter "{name}" that is mandatory for processing this request is not supplied.'


class InvalidParameter(FakeError):
    code, status = "InvalidParameter", 400
    message = 'The specified parameter "{name}" is not valid.'


class DryRunOperation(FakeError):
    code, status = "DryRunOperation", 400
    message = "Request validation has been passed with DryRun flag set."


class IdempotentParameterMismatch(FakeError):
    code, status = "IdempotentParameterMismatch", 400
    message = "The request uses the same client token as a previous, but non-identical request."


class InvalidRegionIdNotFound(FakeError):
    code, status = "InvalidRegionId.NotFound", 404
    message = "The specified region {region} does not exist."


class NotImplementedAction(FakeError):
    code, status = "NotImplemented", 501
    message = "The fake cloud does not implement {service} {action} (version {version})."


# --- authentication -----------------------------------------------------------------------------
class InvalidAccessKeyIdNotFound(FakeError):
    code, status = "InvalidAccessKeyId.NotFound", 404
    message = "Specified access key is not found."


class SignatureDoesNotMatch(FakeError):
    # aliyun-python-sdk-core compares the text after "is:" with its own string to sign.
    code, status = "SignatureDoesNotMatch", 400
    message = "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"


class IncompleteSignature(FakeError):
    code, status = "IncompleteSignature", 400
    message = "The request signature does not conform to Aliyun standards. {detail}"


class InvalidTimeStampExpired(FakeError):
    code, status = "InvalidTimeStamp.Expired", 400
    message = "Specified time stamp or date value is expired."


class InvalidTimeStampFormat(FakeError):
    code, status = "InvalidTimeStamp.Format", 400
    message = "Specified time stamp or date value is not well formatted."


class SignatureNonceUsed(FakeError):
    code, status = "SignatureNonceUsed", 400
    message = "Specified signature nonce was used already."


class InvalidSecurityTokenMismatch(FakeError):
    code, status = "InvalidSecurityToken.MismatchWithAccessKey", 400
    message = "Specified SecurityToken mismatch with the AccessKey."


# --- injected faults ------------------------------------------------------------------------------
class Throttling(FakeError):
    code, status = "Throttling", 400
    message = "Request was denied due to request throttling."


class InternalError(FakeError):
    code, status = "InternalError", 500
    message = "The request processing has failed due to some unknown error, exception or failure."


class ServiceUnavailable(FakeError):
    code, status = "ServiceUnavailable", 503
    message = "The request has failed due to a temporary failure of the server."


# --- admin API ------------------------------------------------------------------------------------
class AdminNotFound(FakeError):
    code, status = "NotFound", 404
    message = "No admin route {method} {path}."


class AdminForbidden(FakeError):
    code, status = "Forbidden", 403
    message = "The admin API answers loopback clients only."
