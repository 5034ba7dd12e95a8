"""A Pulumi program imports every resource module but calls no API: the SDKs' model packages (about a
second to import together) are imported when a client first uses them, not with the resource classes."""

from __future__ import annotations

import json
import subprocess
import sys

from dlc_provider.clients import vpc
from dlc_provider.clients.common import lazy_module

DEFERRED = ["alibabacloud_vpc20160428.models", "alibabacloud_ecs20140526.models", "alibabacloud_nas20170626.models",
            "alibabacloud_ram20150501.models", "alibabacloud_aiworkspace20210204.models", "alibabacloud_oss_v2"]


def test_importing_the_resources_and_the_component_imports_no_deferred_sdk_models() -> None:
    probe = ("import json, sys, dlc_provider.resources, dlc_provider.components; "
             f"print(json.dumps([m for m in {DEFERRED!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_a_lazy_module_resolves_attributes_on_use() -> None:
    models = lazy_module("alibabacloud_vpc20160428.models")
    request = models.CreateVpcRequest(region_id="cn-hangzhou", cidr_block="10.0.0.0/16")
    assert request.to_map()["CidrBlock"] == "10.0.0.0/16"
    assert vpc.m.CreateVpcRequest is models.CreateVpcRequest
    assert "imported on first use" in repr(models)
