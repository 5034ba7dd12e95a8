"""NAS tags through the official NAS client: TagResources, UntagResources, ListTagResources (ResourceType
`filesystem`), their validation errors, the 20-tags-a-file-system limit and NextToken paging."""

from __future__ import annotations

from typing import Any

import pytest
from alibabacloud_nas20170626 import models as nas
from alibabacloud_nas20170626.client import Client as NasClient
from alibabacloud_tea_openapi.exceptions import ServerException

from dlc_provider.fake import FaultRule, mock_cloud
from dlc_provider.fake.testing import sdk_config

from .builders import ZONE, create_vpc, create_vswitch
from .doors import Door, api_error


def client(door: Door) -> NasClient:
    return NasClient(door.config())


def create_standard(door: Door, **tags: str) -> str:
    request = nas.CreateFileSystemRequest(protocol_type="NFS", storage_type="Performance",
                                          tag=[nas.CreateFileSystemRequestTag(key=k, value=v) for k, v in tags.items()])
    return client(door).create_file_system(request).body.file_system_id


def tag(door: Door, resource_ids: list[str], resource_type: str = "filesystem", **tags: str) -> None:
    client(door).tag_resources(nas.TagResourcesRequest(
        resource_type=resource_type, resource_id=resource_ids,
        tag=[nas.TagResourcesRequestTag(key=k, value=v) for k, v in tags.items()]))


def untag(door: Door, resource_ids: list[str], keys: list[str] | None = None, remove_all: bool | None = None) -> None:
    client(door).untag_resources(nas.UntagResourcesRequest(
        resource_type="filesystem", resource_id=resource_ids, tag_key=keys, all=remove_all))


def listed(door: Door, resource_ids: list[str] | None = None, next_token: str | None = None,
           **tags: str | None) -> nas.ListTagResourcesResponseBody:
    return client(door).list_tag_resources(nas.ListTagResourcesRequest(
        resource_type="filesystem", resource_id=resource_ids, next_token=next_token,
        tag=[nas.ListTagResourcesRequestTag(key=k, value=v) for k, v in tags.items()] or None)).body


def rows(body: nas.ListTagResourcesResponseBody) -> list[tuple[str, str, str, str]]:
    return sorted((r.resource_id, r.resource_type, r.tag_key, r.tag_value) for r in body.tag_resources.tag_resource)


def described_tags(door: Door, fs_id: str) -> dict[str, str]:
    (found,) = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(
        file_system_id=fs_id)).body.file_systems.file_system
    return {t.key: t.value for t in found.tags.tag}


def test_tag_list_and_untag(door: Door) -> None:
    fs_id = create_standard(door, team="ml")
    other = create_standard(door)
    tag(door, [fs_id, other], env="dev", owner="me")
    tag(door, [fs_id], env="prod")  # overwrites the value of a key already there
    assert described_tags(door, fs_id) == {"team": "ml", "env": "prod", "owner": "me"}
    assert described_tags(door, other) == {"env": "dev", "owner": "me"}

    body = listed(door, [fs_id])
    assert body.next_token == ""
    assert rows(body) == [(fs_id, "filesystem", "env", "prod"), (fs_id, "filesystem", "owner", "me"),
                          (fs_id, "filesystem", "team", "ml")]
    # By tag: a key and value, or a key alone (any value); every filter must match.
    assert {r[0] for r in rows(listed(door, owner="me"))} == {fs_id, other}
    assert {r[0] for r in rows(listed(door, env="dev"))} == {other}
    assert {r[0] for r in rows(listed(door, team=None))} == {fs_id}
    assert rows(listed(door, team="ml", env="dev")) == []
    assert {r[0] for r in rows(listed(door, [fs_id, other], owner="me"))} == {fs_id, other}
    # DescribeFileSystems filters by the tags TagResources set.
    by_tag = client(door).describe_file_systems(nas.DescribeFileSystemsRequest(
        tag=[nas.DescribeFileSystemsRequestTag(key="env", value="dev")])).body.file_systems.file_system
    assert [f.file_system_id for f in by_tag] == [other]

    untag(door, [fs_id, other], keys=["owner", "absent"])
    assert described_tags(door, fs_id) == {"team": "ml", "env": "prod"}
    assert described_tags(door, other) == {"env": "dev"}

    untag(door, [fs_id], keys=["team"], remove_all=True)  # keys given: All is ignored
    assert described_tags(door, fs_id) == {"env": "prod"}
    untag(door, [fs_id])  # neither keys nor All: nothing removed, still a success (documented)
    assert described_tags(door, fs_id) == {"env": "prod"}
    untag(door, [fs_id, other], remove_all=True)
    assert described_tags(door, fs_id) == described_tags(door, other) == {}
    untag(door, [fs_id], remove_all=True)  # no tags left: still a success
    assert rows(listed(door, [fs_id, other])) == []

    assert [c.action for c in door.cloud.calls("nas", ok=True) if c.action.endswith("agResources")][-3:] == [
        "UntagResources", "UntagResources", "ListTagResources"]


def test_tags_of_a_cpfs_file_system(door: Door) -> None:
    vpc_id = create_vpc(door)
    vswitch_id = create_vswitch(door, vpc_id)
    fs_id = client(door).create_file_system(nas.CreateFileSystemRequest(
        file_system_type="cpfs", protocol_type="cpfs", storage_type="advance_100", zone_id=ZONE, capacity=3600,
        vpc_id=vpc_id, v_switch_id=vswitch_id)).body.file_system_id
    tag(door, [fs_id], team="hpc")
    assert rows(listed(door, [fs_id])) == [(fs_id, "filesystem", "team", "hpc")]
    untag(door, [fs_id], keys=["team"])
    assert described_tags(door, fs_id) == {}


def _too_long(size: int = 129) -> str:
    return "k" * size


@pytest.mark.parametrize(
    ("call", "code"),
    [
        ({"resource_type": "accesspoint"}, "InvalidParameter.ResourceType"),
        ({"resource_type": "VPC"}, "InvalidParameter.ResourceType"),
        ({"resource_type": None}, "MissingParameter"),
        ({"resource_id": []}, "MissingParameter.ResourceIds"),
        ({"resource_id": ["FS", "FS"]}, "Duplicate.ResourceId"),
        ({"resource_id": [f"0000000{i:03d}" for i in range(51)]}, "NumberExceed.ResourceIds"),
        ({"tag": []}, "MissingParameter"),
        ({"tag": [("k", "1"), ("k", "2")]}, "Duplicate.TagKey"),
        ({"tag": [(f"k{i}", "v") for i in range(21)]}, "NumberExceed.Tags"),
        ({"tag": [("", "v")]}, "InvalidParameter.TagKey"),
        ({"tag": [(_too_long(), "v")]}, "InvalidParameter.TagKey"),
        ({"tag": [("aliyun-owner", "v")]}, "InvalidParameter.TagKey"),
        ({"tag": [("acs:owner", "v")]}, "InvalidParameter.TagKey"),
        ({"tag": [("see-http://x", "v")]}, "InvalidParameter.TagKey"),
        ({"tag": [("url", "https://example.com")]}, "InvalidParameter.TagValue"),
        ({"tag": [("k", _too_long())]}, "InvalidParameter.TagValue"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_tag_resources_validation(door: Door, call: dict[str, Any], code: str) -> None:
    fs_id = create_standard(door, team="ml")
    fields: dict[str, Any] = {"resource_type": "filesystem", "resource_id": [fs_id], "tag": [("env", "dev")], **call}
    fields["resource_id"] = [fs_id if r == "FS" else r for r in fields["resource_id"]] or None
    fields["tag"] = [nas.TagResourcesRequestTag(key=k, value=v) for k, v in fields["tag"]] or None
    with api_error(code, 400):
        client(door).tag_resources(nas.TagResourcesRequest(**fields))
    assert described_tags(door, fs_id) == {"team": "ml"}


def test_the_longest_key_and_value_and_an_empty_value_are_fine(door: Door) -> None:
    fs_id = create_standard(door)
    tag(door, [fs_id], **{_too_long(128): _too_long(128), "empty": ""})
    assert described_tags(door, fs_id) == {_too_long(128): _too_long(128), "empty": ""}


def test_a_missing_file_system_fails_the_whole_call(door: Door) -> None:
    fs_id = create_standard(door)
    with api_error("InvalidFileSystem.NotFound", 404):
        tag(door, [fs_id, "0123456789"], env="dev")
    assert described_tags(door, fs_id) == {}  # all or nothing
    with api_error("InvalidFileSystem.NotFound", 404):
        untag(door, ["0123456789"], remove_all=True)
    client(door).delete_file_system(nas.DeleteFileSystemRequest(file_system_id=fs_id))
    with api_error("InvalidFileSystem.NotFound", 404):
        tag(door, [fs_id], env="dev")
    # ListTagResources, like DescribeFileSystems, answers nothing for an unknown ID.
    assert rows(listed(door, ["0123456789"])) == []


def test_a_file_system_of_another_region_is_not_found() -> None:
    with mock_cloud() as cloud:
        shanghai = NasClient(sdk_config(region="cn-shanghai"))
        fs_id = shanghai.create_file_system(nas.CreateFileSystemRequest(
            protocol_type="NFS", storage_type="Performance")).body.file_system_id
        with api_error("InvalidFileSystem.NotFound", 404):
            NasClient(sdk_config()).tag_resources(nas.TagResourcesRequest(
                resource_type="filesystem", resource_id=[fs_id], tag=[nas.TagResourcesRequestTag(key="k", value="v")]))
        shanghai.tag_resources(nas.TagResourcesRequest(
            resource_type="filesystem", resource_id=[fs_id], tag=[nas.TagResourcesRequestTag(key="k", value="v")]))
        assert cloud.calls("nas", "TagResources")[-1].region == "cn-shanghai"


def test_at_most_20_tags_a_file_system(door: Door) -> None:
    full = create_standard(door, **{f"k{i}": "v" for i in range(19)})
    roomy = create_standard(door)
    tag(door, [full, roomy], k19="v")  # 20 on `full`: allowed
    assert len(described_tags(door, full)) == 20
    tag(door, [full], k0="changed")  # overwriting keeps the count at 20
    with api_error("QuotaExceed.TagsPerResource", 400) as error:
        tag(door, [roomy, full], extra="v")
    assert full in error.value.message
    assert described_tags(door, roomy) == {"k19": "v"}  # nothing changed on either
    assert len(described_tags(door, full)) == 20 and described_tags(door, full)["k0"] == "changed"

    untag(door, [full], keys=["k1"])
    tag(door, [full], extra="v")
    assert len(described_tags(door, full)) == 20


def test_untag_validation(door: Door) -> None:
    fs_id = create_standard(door, team="ml")
    with api_error("InvalidParameter.ResourceType", 400):
        client(door).untag_resources(nas.UntagResourcesRequest(resource_type="file", resource_id=[fs_id], all=True))
    with api_error("MissingParameter.ResourceIds", 400):
        client(door).untag_resources(nas.UntagResourcesRequest(resource_type="filesystem", all=True))
    with api_error("Duplicate.ResourceId", 400):
        untag(door, [fs_id, fs_id], remove_all=True)
    with api_error("NumberExceed.Tags", 400):
        untag(door, [fs_id], keys=[f"k{i}" for i in range(21)])
    assert described_tags(door, fs_id) == {"team": "ml"}


def test_list_validation(door: Door) -> None:
    fs_id = create_standard(door, team="ml")
    with api_error("MissingParameter.ResourceIdOrTag", 400):
        listed(door)
    with api_error("InvalidParameter.ResourceType", 400):
        client(door).list_tag_resources(nas.ListTagResourcesRequest(resource_type="vpc", resource_id=[fs_id]))
    with api_error("NumberExceed.ResourceIds", 400):
        listed(door, [f"0000000{i:03d}" for i in range(51)])
    with api_error("Duplicate.ResourceId", 400):
        listed(door, [fs_id, fs_id])
    with api_error("NumberExceed.Tags", 400):
        listed(door, **{f"k{i}": "v" for i in range(21)})
    for token in ("abc", "-1", "999"):
        with api_error("InvalidNextToken", 400):
            listed(door, [fs_id], next_token=token)


def test_list_pages_with_next_token(door: Door) -> None:
    ids = [create_standard(door, **{f"k{i:02d}": f"{n}" for i in range(20)}) for n in range(3)]
    seen: list[tuple[str, str, str, str]] = []
    tokens: list[str] = []
    token: str | None = None
    while True:
        body = listed(door, ids, next_token=token)
        page = body.tag_resources.tag_resource
        assert len(page) <= 50
        seen += [(r.resource_id, r.resource_type, r.tag_key, r.tag_value) for r in page]
        if not body.next_token:
            break
        token = body.next_token
        tokens.append(token)
    assert tokens == ["50"]
    assert len(seen) == len(set(seen)) == 60
    assert sorted(seen) == sorted((fs, "filesystem", f"k{i:02d}", f"{n}") for n, fs in enumerate(ids)
                                  for i in range(20))
    # Paging by tag filter too.
    first = listed(door, k00=None)
    assert (len(first.tag_resources.tag_resource), first.next_token) == (50, "50")
    assert len(listed(door, next_token="50", k00=None).tag_resources.tag_resource) == 10


def test_tag_calls_are_journaled_and_take_injected_faults(door: Door) -> None:
    fs_id = create_standard(door)
    door.cloud.settings.faults = [FaultRule(kind="server_error", service="nas", action="TagResources", status=500,
                                             max_count=1)]
    with pytest.raises(ServerException) as failed:
        tag(door, [fs_id], env="dev")
    assert (failed.value.code, failed.value.status_code) == ("InternalError", 500)
    assert described_tags(door, fs_id) == {}
    tag(door, [fs_id], env="dev")  # the fault fired once
    calls = door.cloud.calls("nas", "TagResources", ok=None)
    assert [c.ok for c in calls] == [False, True]
    assert calls[-1].params["ResourceType"] == "filesystem"
    assert described_tags(door, fs_id) == {"env": "dev"}
