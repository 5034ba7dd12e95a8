"""RAM policies through the official RAM client: custom policies, the known system policies, documents, names."""

from __future__ import annotations

import json

import pytest
from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient

from .doors import Door, api_error

OSS_READ = json.dumps({"Version": "1", "Statement": [
    {"Effect": "Allow", "Action": ["oss:GetObject", "oss:ListObjects"], "Resource": ["acs:oss:*:*:bucket/*"]}]})


def client(door: Door) -> RamClient:
    return RamClient(door.config())


def create_policy(door: Door, name: str = "dlc-data-read", document: str = OSS_READ, **kwargs: object) -> (
    ram.CreatePolicyResponseBodyPolicy
):
    request = ram.CreatePolicyRequest(policy_name=name, policy_document=document, **kwargs)
    return client(door).create_policy(request).body.policy


def test_create_get_update_delete(door: Door) -> None:
    created = create_policy(door, description="reads the training bucket")
    assert (created.policy_name, created.policy_type, created.default_version, created.description) == (
        "dlc-data-read", "Custom", "v1", "reads the training bucket")

    body = client(door).get_policy(ram.GetPolicyRequest(policy_name="dlc-data-read", policy_type="Custom")).body
    assert (body.policy.attachment_count, body.policy.default_version, body.policy.policy_document) == (
        0, "v1", OSS_READ)
    assert (body.default_policy_version.version_id, body.default_policy_version.is_default_version,
            body.default_policy_version.policy_document) == ("v1", True, OSS_READ)

    updated = client(door).update_policy_description(ram.UpdatePolicyDescriptionRequest(
        policy_name="dlc-data-read", new_description="changed")).body.policy
    assert (updated.description, updated.policy_type) == ("changed", "Custom")

    client(door).delete_policy(ram.DeletePolicyRequest(policy_name="dlc-data-read"))
    with api_error("EntityNotExist.Policy", 404):
        client(door).get_policy(ram.GetPolicyRequest(policy_name="dlc-data-read", policy_type="Custom"))
    with api_error("EntityNotExist.Policy", 404):
        client(door).delete_policy(ram.DeletePolicyRequest(policy_name="dlc-data-read"))
    assert door.cloud.is_empty()


@pytest.mark.parametrize("name", ["AliyunPAIFullAccess", "AliyunOSSFullAccess", "AliyunNASFullAccess",
                                  "AliyunOSSReadOnlyAccess", "AliyunDLCFullAccess"])
def test_system_policies_are_known(door: Door, name: str) -> None:
    body = client(door).get_policy(ram.GetPolicyRequest(policy_name=name, policy_type="System")).body
    assert (body.policy.policy_name, body.policy.policy_type, body.policy.default_version) == (name, "System", "v1")
    document = json.loads(body.default_policy_version.policy_document)
    assert document["Version"] == "1" and document["Statement"][0]["Effect"] == "Allow"
    with api_error("EntityNotExist.Policy", 404):  # a system policy is not a custom one
        client(door).get_policy(ram.GetPolicyRequest(policy_name=name, policy_type="Custom"))


def test_list_policies_by_type_and_marker(door: Door) -> None:
    create_policy(door, "first-custom", tag=[ram.CreatePolicyRequestTag(key="stack", value="dev")])
    create_policy(door, "second-custom")
    custom = client(door).list_policies(ram.ListPoliciesRequest(policy_type="Custom")).body
    assert [p.policy_name for p in custom.policies.policy] == ["first-custom", "second-custom"]
    assert not custom.is_truncated
    system = client(door).list_policies(ram.ListPoliciesRequest(policy_type="System")).body.policies.policy
    assert {"AliyunPAIFullAccess", "AliyunNASFullAccess"} <= {p.policy_name for p in system}
    assert all(p.policy_type == "System" for p in system)

    names: list[str] = []
    marker = None
    while True:
        page = client(door).list_policies(ram.ListPoliciesRequest(max_items=5, marker=marker)).body
        names += [p.policy_name for p in page.policies.policy]
        if not page.is_truncated:
            break
        marker = page.marker
    assert len(names) == len(system) + 2 and names[-2:] == ["first-custom", "second-custom"]

    tagged = client(door).list_policies(ram.ListPoliciesRequest(tag=[ram.ListPoliciesRequestTag(
        key="stack", value="dev")])).body.policies.policy
    assert [(p.policy_name, [(t.tag_key, t.tag_value) for t in p.tags.tag]) for p in tagged] == [
        ("first-custom", [("stack", "dev")])]


def _document(**statement: object) -> str:
    base: dict[str, object] = {"Effect": "Allow", "Action": "oss:*", "Resource": "*"}
    base.update(statement)
    return json.dumps({"Version": "1", "Statement": [{k: v for k, v in base.items() if v is not None}]})


@pytest.mark.parametrize(
    ("name", "document", "code"),
    [
        ("x" * 129, OSS_READ, "InvalidParameter.PolicyName.Length"),
        ("bad.name", OSS_READ, "InvalidParameter.PolicyName.InvalidChars"),
        ("ok", "[]", "MalformedPolicyDocument"),
        ("ok", json.dumps({"Statement": [json.loads(_document())["Statement"][0]]}), "MalformedPolicyDocument"),
        ("ok", _document(Effect="allow"), "MalformedPolicyDocument"),
        ("ok", _document(Action=[]), "MalformedPolicyDocument"),
        ("ok", _document(Resource=None), "MalformedPolicyDocument"),
        ("ok", _document(Principal={"RAM": ["*"]}), "MalformedPolicyDocument"),
        ("ok", _document(Condition="yes"), "MalformedPolicyDocument"),
        ("ok", _document(Resource=["acs:oss:*:*:" + "b" * 6200]), "InvalidParameter.PolicyDocument.Length"),
    ],
)
def test_create_rules(door: Door, name: str, document: str, code: str) -> None:
    with api_error(code, 400):
        create_policy(door, name, document)
    assert door.cloud.is_empty()


def test_name_conflict_and_policy_type(door: Door) -> None:
    create_policy(door)
    with api_error("EntityAlreadyExists.Policy", 409):
        create_policy(door)
    with api_error("InvalidParameter.PolicyType", 400):
        client(door).get_policy(ram.GetPolicyRequest(policy_name="dlc-data-read", policy_type="Managed"))
    with api_error("MissingParameter", 400):
        client(door).get_policy(ram.GetPolicyRequest(policy_name="dlc-data-read"))
