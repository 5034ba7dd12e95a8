"""SDK errors are mapped once onto a few typed errors with code, message, request ID and a retry hint."""

from __future__ import annotations

import pytest
from alibabacloud_vpc20160428 import models as vpc_models

from dlc_provider.clients.session import Session
from dlc_provider.errors import (
    AuthError,
    CloudError,
    Conflict,
    DependencyViolation,
    InvalidInput,
    NotFound,
    ServerError,
    Throttled,
    TransportError,
    classify,
)
from dlc_provider.fake import FaultRule

from ._cloud import Env, cloud, env, fast_settings, isolated  # noqa: F401  (fixtures)


@pytest.mark.parametrize(
    ("code", "status", "expected"),
    [
        ("Throttling", 400, Throttled),
        ("Throttling.User", 400, Throttled),
        ("Rejected.Throttling", 400, Throttled),
        ("ServiceUnavailable", 503, ServerError),
        ("InternalError", 500, ServerError),
        ("AnythingAtAll", 502, ServerError),
        ("InvalidVpcId.NotFound", 404, NotFound),
        ("Forbidden.VpcNotFound", 400, NotFound),
        ("InvalidVSwitchId.NotFound", 400, NotFound),
        ("INSTANCE_NOT_EXISTS", 404, NotFound),
        ("ResourceNotFound.NatGateway", 404, NotFound),
        ("InvalidSecurityGroupRule.RuleNotExist", 404, NotFound),
        ("EntityNotExist.Role", 404, NotFound),
        ("IncorrectVpcStatus", 400, Conflict),
        ("IncorrectStatus.NatGateway", 400, Conflict),
        ("IncorretSnatEntryStatus", 400, Conflict),
        ("OperationConflict", 409, Conflict),
        ("LastTokenProcessing", 400, Conflict),
        ("IdempotentProcessing", 403, Conflict),
        ("OperationDenied.InvalidState", 403, Conflict),
        ("DependencyViolation.VSwitch", 400, DependencyViolation),
        ("DependencyViolation", 403, DependencyViolation),
        ("InvalidIpStatus.HasBeenUsedBySnatTable", 400, DependencyViolation),
        ("DeleteConflict.Role.Policy", 409, DependencyViolation),
        ("SignatureDoesNotMatch", 400, AuthError),
        ("InvalidAccessKeyId.NotFound", 404, AuthError),
        ("Forbidden.RAM", 403, AuthError),
        ("SomethingForbidden", 403, AuthError),
        ("InvalidZoneId.NotFound", 400, InvalidInput),
        ("InvalidCidrBlock.Malformed", 400, InvalidInput),
        ("InvalidCirdrBlock.MaskLength", 400, InvalidInput),
        ("QuotaExceeded.Vpc", 400, InvalidInput),
        ("IdempotentParameterMismatch", 400, InvalidInput),
        ("MissingParameter", 400, InvalidInput),
        ("NotImplemented", 501, CloudError),
        ("SomethingElse", 400, CloudError),
    ],
)
def test_codes_map_to_our_error_classes(code: str, status: int, expected: type[CloudError]) -> None:
    assert classify(code, status) is expected


def test_only_transient_errors_are_retryable() -> None:
    assert {cls.__name__ for cls in (Throttled, ServerError, TransportError, Conflict) if cls.retryable} == {
        "Throttled", "ServerError", "TransportError", "Conflict"}
    assert not any(cls.retryable for cls in (NotFound, InvalidInput, AuthError, DependencyViolation, CloudError))


def _describe(session: Session, vpc_id: str) -> None:
    request = vpc_models.DescribeVpcAttributeRequest(region_id=session.region, vpc_id=vpc_id)
    session.call("vpc", "DescribeVpcAttribute", lambda c: c.describe_vpc_attribute(request), retry=False)


def test_a_real_sdk_error_becomes_a_value_with_code_request_id_and_status(env: Env) -> None:
    with pytest.raises(NotFound) as caught:
        _describe(env.session(), "vpc-missing")

    error = caught.value
    assert (error.code, error.status, error.service, error.action) == (
        "InvalidVpcId.NotFound", 404, "vpc", "DescribeVpcAttribute")
    assert error.request_id == env.cloud.journal[-1].request_id
    assert error.message == "Specified VPC does not exist."
    assert "InvalidVpcId.NotFound" in str(error) and error.request_id in str(error)


@pytest.mark.parametrize(
    ("fault", "expected", "retry_after"),
    [
        (FaultRule(kind="throttle"), Throttled, None),
        (FaultRule(kind="throttle", retry_after_ms=1500), Throttled, 1.5),
        (FaultRule(kind="server_error"), ServerError, None),
        (FaultRule(kind="server_error", status=500), ServerError, None),
        (FaultRule(kind="drop"), TransportError, None),
    ],
)
def test_injected_faults_become_retryable_errors(
    env: Env, fault: FaultRule, expected: type[CloudError], retry_after: float | None
) -> None:
    env.cloud.settings.faults = [fault]

    with pytest.raises(expected) as caught:
        _describe(env.session(), "vpc-any")

    assert caught.value.retryable
    assert caught.value.retry_after == retry_after


def test_an_action_the_endpoint_lacks_is_not_retried(env: Env) -> None:
    session = Session(fast_settings())
    request = vpc_models.DescribeRouteTableListRequest(region_id=session.region)

    with pytest.raises(CloudError) as caught:
        session.call("vpc", "DescribeRouteTableList", lambda c: c.describe_route_table_list(request))

    assert caught.value.code == "NotImplemented" and not caught.value.retryable
    assert len(env.cloud.calls(action="DescribeRouteTableList")) == 1


def test_nas_codes_are_mapped_by_code_not_by_their_403_status():
    from dlc_provider.errors import DependencyViolation, InvalidInput, classify

    assert classify("OperationDenied.DependencyViolation", 403) is DependencyViolation
    assert classify("OperationDenied.DefaultAccessGroup", 403) is InvalidInput
    for code in ("InvalidMountTarget.AlreadyExisted", "InvalidAccessGroup.AlreadyExisted",
                 "InvalidAccessRule.AlreadyExisted"):
        assert classify(code, 403) is InvalidInput
