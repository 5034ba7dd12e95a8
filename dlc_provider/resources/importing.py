"""Import files for `pulumi import --file`: existing resources into the state without re-creating them.

`pulumi import <type> <name> <id>` does not work for dynamic providers (the engine calls `read` with no
properties, so the provider cannot even be found). Since v3.254 an import file may carry each
resource's inputs and outputs; the engine then skips `read` entirely. This module reads the resource
through its provider and writes such an entry, including the serialized provider (`__provider`) the
engine needs for every later operation:

    python -m dlc_provider.resources.importing Vpc legacy vpc-bp1... --project dlc-training --stack dev > import.json
    pulumi import --file import.json --generate-code=false --yes
    # then declare Vpc("legacy", cidr_block=...) in the program: the next preview shows no change

Settings come from the environment (`ALIBABA_CLOUD_REGION_ID`, credentials, `DLC_ENDPOINT`, ...), as
described in `dlc_provider.config`. The simpler way, inside a program, is the `adopt_id` input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from pulumi.dynamic.dynamic import serialize_provider

from ..config import ProviderSettings
from ..errors import DlcError
from . import eip, nat, network, security_group
from .provider import CloudProvider

__all__ = ["RESOURCE_CLASSES", "import_entry", "main"]

#: Resource class name -> (resource class, provider class).
RESOURCE_CLASSES: dict[str, tuple[type, type[CloudProvider]]] = {
    "Vpc": (network.Vpc, network.VpcProvider),
    "VSwitch": (network.VSwitch, network.VSwitchProvider),
    "SecurityGroup": (security_group.SecurityGroup, security_group.SecurityGroupProvider),
    "SecurityGroupRule": (security_group.SecurityGroupRule, security_group.SecurityGroupRuleProvider),
    "NatGateway": (nat.NatGateway, nat.NatGatewayProvider),
    "SnatEntry": (nat.SnatEntry, nat.SnatEntryProvider),
    "Eip": (eip.Eip, eip.EipProvider),
    "EipAssociation": (eip.EipAssociation, eip.EipAssociationProvider),
}


def import_entry(
    class_name: str,
    name: str,
    resource_id: str,
    *,
    settings: ProviderSettings,
    project: str,
    stack: str,
    hint: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One `resources[]` entry of an import file. `hint` gives what a lookup needs besides the ID
    (`snat_table_id` for a SNAT entry; `security_group_id` and `direction` for a rule)."""
    if class_name not in RESOURCE_CLASSES:
        raise DlcError(f"unknown resource class {class_name!r} (known: {', '.join(RESOURCE_CLASSES)})")
    resource_class, provider_class = RESOURCE_CLASSES[class_name]
    provider = provider_class().use_settings(settings)
    observed = provider.observe(provider.session(), resource_id, dict(hint or {}))
    if observed is None:
        raise DlcError(f"no {provider_class.KIND} {resource_id} in region {settings.region}")
    type_token = f"pulumi-python:{resource_class._resource_type_name}"
    serialized = serialize_provider(provider_class())
    managed = provider.program_inputs(observed)
    meta = {"dlc_identity": f"{project}/{stack}/{type_token}/{name}", "adopt_id": None, "timeouts": None}
    return {
        "type": type_token,
        "name": name,
        "id": resource_id,
        "inputs": {**managed, **meta, "__provider": serialized},
        "outputs": {**observed, **meta, "creation_token": None, "__provider": serialized},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dlc_provider.resources.importing",
        description="Write a `pulumi import --file` entry for an existing resource (JSON on stdout).",
    )
    parser.add_argument("resource_class", choices=sorted(RESOURCE_CLASSES))
    parser.add_argument("name", help="the resource's name in the program")
    parser.add_argument("id", help="the cloud resource ID")
    parser.add_argument("--project", required=True)
    parser.add_argument("--stack", required=True)
    parser.add_argument("--hint", action="append", default=[], metavar="KEY=VALUE",
                        help="lookup data besides the ID, e.g. snat_table_id=stb-... (repeatable)")
    args = parser.parse_args(argv)
    hint = dict(item.split("=", 1) for item in args.hint)
    try:
        entry = import_entry(args.resource_class, args.name, args.id, settings=ProviderSettings.from_sources(),
                             project=args.project, stack=args.stack, hint=hint)
    except DlcError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    json.dump({"resources": [entry]}, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
