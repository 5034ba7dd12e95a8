"""RAM policy versions through the official RAM client: at most five, the default, rotation, deletes."""

from __future__ import annotations

import json

from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient

from .doors import Door, api_error

NAME = "dlc-data"


def client(door: Door) -> RamClient:
    return RamClient(door.config())


def document(action: str) -> str:
    return json.dumps({"Version": "1", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})


def create_policy(door: Door) -> None:
    client(door).create_policy(ram.CreatePolicyRequest(policy_name=NAME, policy_document=document("oss:Get*")))


def add_version(door: Door, action: str, **kwargs: object) -> ram.CreatePolicyVersionResponseBodyPolicyVersion:
    request = ram.CreatePolicyVersionRequest(policy_name=NAME, policy_document=document(action), **kwargs)
    return client(door).create_policy_version(request).body.policy_version


def versions(door: Door) -> list[tuple[str, bool]]:
    listed = client(door).list_policy_versions(ram.ListPolicyVersionsRequest(policy_name=NAME, policy_type="Custom"))
    return [(v.version_id, v.is_default_version) for v in listed.body.policy_versions.policy_version]


def default_version(door: Door) -> str:
    request = ram.GetPolicyRequest(policy_name=NAME, policy_type="Custom")
    return client(door).get_policy(request).body.policy.default_version


def test_versions_and_the_default(door: Door) -> None:
    create_policy(door)
    second = add_version(door, "oss:List*")
    assert (second.version_id, second.is_default_version, second.policy_document) == (
        "v2", False, document("oss:List*"))
    third = add_version(door, "oss:*", set_as_default=True)
    assert (third.version_id, third.is_default_version) == ("v3", True)
    assert versions(door) == [("v1", False), ("v2", False), ("v3", True)]
    assert default_version(door) == "v3"

    got = client(door).get_policy_version(ram.GetPolicyVersionRequest(
        policy_name=NAME, policy_type="Custom", version_id="v2")).body.policy_version
    assert (got.version_id, got.policy_document, got.is_default_version) == ("v2", document("oss:List*"), False)

    client(door).set_default_policy_version(ram.SetDefaultPolicyVersionRequest(policy_name=NAME, version_id="v1"))
    assert default_version(door) == "v1"
    with api_error("DeleteConflict.Policy.Version.Default", 409):
        client(door).delete_policy_version(ram.DeletePolicyVersionRequest(policy_name=NAME, version_id="v1"))
    client(door).delete_policy_version(ram.DeletePolicyVersionRequest(policy_name=NAME, version_id="v2"))
    assert versions(door) == [("v1", True), ("v3", False)]
    assert add_version(door, "oss:Put*").version_id == "v4"  # IDs are not reused


def test_at_most_five_versions(door: Door) -> None:
    create_policy(door)
    for action in ("oss:A*", "oss:B*", "oss:C*", "oss:D*"):
        add_version(door, action)
    with api_error("LimitExceeded.Policy.Version", 409):
        add_version(door, "oss:E*")
    rotated = add_version(door, "oss:E*", rotate_strategy="DeleteOldestNonDefaultVersionWhenLimitExceeded")
    assert rotated.version_id == "v6"
    assert [v for v, _ in versions(door)] == ["v1", "v3", "v4", "v5", "v6"]  # v1 is the default, v2 went
    with api_error("InvalidParameter.RotateStrategy", 400):
        add_version(door, "oss:F*", rotate_strategy="Sometimes")


def test_unknown_versions_and_policies(door: Door) -> None:
    create_policy(door)
    with api_error("EntityNotExist.Policy.Version", 404):
        client(door).set_default_policy_version(ram.SetDefaultPolicyVersionRequest(policy_name=NAME, version_id="v9"))
    with api_error("InvalidParameter.VersionId.Format", 400):
        client(door).delete_policy_version(ram.DeletePolicyVersionRequest(policy_name=NAME, version_id="latest"))
    with api_error("EntityNotExist.Policy", 404):
        client(door).create_policy_version(ram.CreatePolicyVersionRequest(
            policy_name="missing", policy_document=document("oss:*")))
    with api_error("MalformedPolicyDocument", 400):
        client(door).create_policy_version(ram.CreatePolicyVersionRequest(policy_name=NAME, policy_document="{}"))
    system = client(door).list_policy_versions(ram.ListPolicyVersionsRequest(
        policy_name="AliyunOSSFullAccess", policy_type="System")).body.policy_versions.policy_version
    assert [(v.version_id, v.is_default_version) for v in system] == [("v1", True)]


def test_delete_needs_the_other_versions_gone_or_cascading(door: Door) -> None:
    create_policy(door)
    add_version(door, "oss:List*")
    with api_error("DeleteConflict.Policy.Version", 409):
        client(door).delete_policy(ram.DeletePolicyRequest(policy_name=NAME))
    client(door).delete_policy(ram.DeletePolicyRequest(policy_name=NAME, cascading_delete=True))
    assert door.cloud.is_empty()
