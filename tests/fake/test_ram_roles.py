"""RAM roles through the official RAM client: trust policies for PAI, names, UpdateRole, ListRoles, DeleteRole."""

from __future__ import annotations

import json
import re

import pytest
from alibabacloud_ram20150501 import models as ram
from alibabacloud_ram20150501.client import Client as RamClient

from dlc_provider.fake import DEFAULT_ACCOUNT_ID

from .doors import Door, api_error

PAI_TRUST = json.dumps({"Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                       "Principal": {"Service": ["pai.aliyuncs.com"]}}], "Version": "1"})


def client(door: Door) -> RamClient:
    return RamClient(door.config())


def create_role(
    door: Door, name: str = "PaiDlcRole", trust: str = PAI_TRUST, **kwargs: object
) -> ram.CreateRoleResponseBodyRole:
    request = ram.CreateRoleRequest(role_name=name, assume_role_policy_document=trust, **kwargs)
    return client(door).create_role(request).body.role


def test_create_get_update_delete(door: Door) -> None:
    created = create_role(door, description="DLC jobs", max_session_duration=7200)
    assert re.fullmatch(r"\d{19}", created.role_id)
    assert (created.role_name, created.arn, created.description, created.max_session_duration) == (
        "PaiDlcRole", f"acs:ram::{DEFAULT_ACCOUNT_ID}:role/paidlcrole", "DLC jobs", 7200)
    assert created.assume_role_policy_document == PAI_TRUST and created.create_date.endswith("Z")

    role = client(door).get_role(ram.GetRoleRequest(role_name="paidlcrole")).body.role  # names ignore case
    assert (role.role_id, role.role_name, role.is_service_linked_role) == (created.role_id, "PaiDlcRole", False)
    assert role.role_principal_name == f"PaiDlcRole@role.{DEFAULT_ACCOUNT_ID}.onaliyunservice.com"

    account = {"RAM": [f"acs:ram::{DEFAULT_ACCOUNT_ID}:root"]}
    account_trust = json.dumps({"Version": "1", "Statement": [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": account}]})
    updated = client(door).update_role(ram.UpdateRoleRequest(
        role_name="PaiDlcRole", new_assume_role_policy_document=account_trust, new_description="changed",
        new_max_session_duration=43200)).body.role
    assert (updated.assume_role_policy_document, updated.description, updated.max_session_duration) == (
        account_trust, "changed", 43200)
    assert updated.update_date.endswith("Z")

    client(door).delete_role(ram.DeleteRoleRequest(role_name="PaiDlcRole"))
    with api_error("EntityNotExist.Role", 404):
        client(door).get_role(ram.GetRoleRequest(role_name="PaiDlcRole"))
    with api_error("EntityNotExist.Role", 404):
        client(door).delete_role(ram.DeleteRoleRequest(role_name="PaiDlcRole"))


def test_name_conflicts_ignore_case(door: Door) -> None:
    create_role(door)
    with api_error("EntityAlreadyExists.Role", 409):
        create_role(door, "PAIDLCROLE")


def test_list_roles_pages_with_a_marker_and_filters_tags(door: Door) -> None:
    create_role(door, "first", tag=[ram.CreateRoleRequestTag(key="stack", value="dev")])
    create_role(door, "second")
    create_role(door, "third", tag=[ram.CreateRoleRequestTag(key="stack", value="dev")])
    page = client(door).list_roles(ram.ListRolesRequest(max_items=2)).body
    assert [r.role_name for r in page.roles.role] == ["first", "second"] and page.is_truncated
    rest = client(door).list_roles(ram.ListRolesRequest(max_items=2, marker=page.marker)).body
    assert [r.role_name for r in rest.roles.role] == ["third"] and not rest.is_truncated
    tagged = client(door).list_roles(ram.ListRolesRequest(tag=[ram.ListRolesRequestTag(key="stack", value="dev")]))
    roles = tagged.body.roles.role
    assert [r.role_name for r in roles] == ["first", "third"]
    assert [(t.tag_key, t.tag_value) for t in roles[0].tags.tag] == [("stack", "dev")]


def _trust(**statement: object) -> str:
    base: dict[str, object] = {"Action": "sts:AssumeRole", "Effect": "Allow",
                               "Principal": {"Service": ["pai.aliyuncs.com"]}}
    base.update(statement)
    return json.dumps({"Version": "1", "Statement": [{k: v for k, v in base.items() if v is not None}]})


@pytest.mark.parametrize(
    ("name", "trust", "fields", "code"),
    [
        ("", PAI_TRUST, {}, "MissingParameter"),
        ("x" * 65, PAI_TRUST, {}, "InvalidParameter.RoleName.Length"),
        ("bad_name", PAI_TRUST, {}, "InvalidParameter.RoleName.InvalidChars"),
        ("ok", "{not json", {}, "MalformedPolicyDocument"),
        ("ok", json.dumps({"Version": "2", "Statement": []}), {}, "MalformedPolicyDocument"),
        ("ok", json.dumps({"Version": "1", "Statement": {}}), {}, "MalformedPolicyDocument"),
        ("ok", _trust(Effect="Permit"), {}, "MalformedPolicyDocument"),
        ("ok", _trust(Action="oss:GetObject"), {}, "MalformedPolicyDocument"),
        ("ok", _trust(Principal=None), {}, "MalformedPolicyDocument"),
        ("ok", _trust(Principal={"Service": ["pai"]}), {}, "MalformedPolicyDocument"),
        ("ok", _trust(Principal={"User": ["me"]}), {}, "MalformedPolicyDocument"),
        ("ok", json.dumps({"Version": "1", "Statement": [{"Action": "sts:AssumeRole", "Effect": "Allow",
                                                          "Principal": {"Service": ["pai.aliyuncs.com"]},
                                                          "Resource": "x" * 6200}]}), {},
         "InvalidParameter.PolicyDocument.Length"),
        ("ok", PAI_TRUST, {"max_session_duration": 3599}, "InvalidParameter.MaxSessionDuration"),
        ("ok", PAI_TRUST, {"max_session_duration": 43201}, "InvalidParameter.MaxSessionDuration"),
        ("ok", PAI_TRUST, {"description": "d" * 1025}, "InvalidParameter.Description.Length"),
    ],
)
def test_create_rules(door: Door, name: str, trust: str, fields: dict[str, object], code: str) -> None:
    with api_error(code, 400):
        create_role(door, name, trust, **fields)
    assert door.cloud.is_empty()


def test_update_checks_the_new_values(door: Door) -> None:
    create_role(door)
    with api_error("MalformedPolicyDocument", 400):
        client(door).update_role(ram.UpdateRoleRequest(role_name="PaiDlcRole", new_assume_role_policy_document="{}"))
    with api_error("InvalidParameter.MaxSessionDuration", 400):
        client(door).update_role(ram.UpdateRoleRequest(role_name="PaiDlcRole", new_max_session_duration=60))
    with api_error("EntityNotExist.Role", 404):
        client(door).update_role(ram.UpdateRoleRequest(role_name="Nobody", new_description="x"))
    assert client(door).get_role(ram.GetRoleRequest(role_name="PaiDlcRole")).body.role.max_session_duration == 3600
