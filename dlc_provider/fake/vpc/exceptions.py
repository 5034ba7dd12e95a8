"""Errors of the fake VPC service, with the real codes (typos included) and HTTP statuses."""

from __future__ import annotations

from ..core.errors import FakeError


class VpcError(FakeError):
    status = 400


# --- not found ----------------------------------------------------------------------------------------
class InvalidVpcIdNotFound(VpcError):
    code, status, message = "InvalidVpcId.NotFound", 404, "Specified VPC does not exist."


class InvalidVSwitchIdNotFound(VpcError):
    code, status, message = "InvalidVSwitchId.NotFound", 404, "Specified virtual switch does not exist."


class InvalidNatGatewayIdNotFound(VpcError):
    code, status, message = "InvalidNatGatewayId.NotFound", 404, "Specified NAT gateway does not exist."


class InvalidAllocationIdNotFound(VpcError):
    code, status, message = "InvalidAllocationId.NotFound", 404, "Specified allocation ID is not found."


class InvalidSnatTableIdNotFound(VpcError):
    code, status, message = "InvalidSnatTableId.NotFound", 404, "Specified SNAT table does not exist."


class InvalidSnatEntryIdNotFound(VpcError):
    code, status, message = "InvalidSnatEntryId.NotFound", 404, "Specified SNAT entry does not exist."


class InvalidInstanceIdNotFound(VpcError):
    code, status = "InvalidInstanceId.NotFound", 404
    message = "The instance {instance_id} ({instance_type}) does not exist."


class InvalidZoneIdNotFound(VpcError):
    code, message = "InvalidZoneId.NotFound", "The zone {zone_id} does not exist in region {region}."


# --- malformed parameters -------------------------------------------------------------------------------
class InvalidCidrBlockMalformed(VpcError):
    code, message = "InvalidCidrBlock.Malformed", "Specified CIDR block is not valid."


class InvalidCidrMaskLength(VpcError):
    code, message = "InvalidCirdrBlock.MaskLength", "The mask length of {cidr} must be between {low} and {high}."


class CidrNotInVpc(VpcError):
    code, message = "InvalidParameter", "Specified CIDR block is not valid in VPC."


class InvalidCidrBlockOverlapped(VpcError):
    code, message = "InvalidCidrBlock.Overlapped", "Specified CIDR block overlapped with other subnets."


class InvalidVpcNameMalformed(VpcError):
    code, message = "InvalidVpcName.Malformed", "Specified VPC name is not valid."


class InvalidVSwitchNameMalformed(VpcError):
    code, message = "InvalidVSwitchName.Malformed", "Specified virtual switch name is not valid."


class InvalidDescriptionMalformed(VpcError):
    code, message = "InvalidDescription.Malformed", "Invalid description."


class IllegalName(VpcError):
    code, message = "IllegalParam.Name", "The param of Name is illegal."


class IllegalSnatEntryName(VpcError):
    code, message = "IllegalParam.SnatEntryName", "The param of SnatEntryName is illegal."


class IllegalTagKey(VpcError):
    code, message = "IllegalParam.TagKey", "The param of TagKey is illegal."


class MissingTagKey(VpcError):
    code, message = "MissingParam.TagKey", "The parameter TagKey is mandatory."


class InvalidBandwidthMalformed(VpcError):
    code, message = "InvalidBandwidth.Malformed", "Specified bandwidth is not valid."


class VSwitchNotInVpc(VpcError):
    code, message = "InvalidParameter", "The vSwitch {vswitch_id} does not belong to VPC {vpc_id}."


class EipNotInGateway(VpcError):
    code, message = "EIP_NOT_IN_GATEWAY", "The SNAT IP {ip} is not an EIP associated with the NAT gateway."


class SourceVSwitchDuplicated(VpcError):
    code, message = "Forbidden.SourceVSwitchId.Duplicated", "The vSwitch {vswitch_id} already has a SNAT entry."


# --- quotas ------------------------------------------------------------------------------------------------
class QuotaExceededVpc(VpcError):
    code, message = "QuotaExceeded.Vpc", "VPC quota exceeded."


class QuotaExceededVSwitch(VpcError):
    code, message = "QuotaExceeded.VSwitch", "Virtual switch quota exceeded."


# --- status conflicts ------------------------------------------------------------------------------------
class IncorrectVpcStatus(VpcError):
    code, message = "IncorrectVpcStatus", "Current VPC status ({current}) does not support this operation."


class IncorrectVSwitchStatus(VpcError):
    code = "IncorrectVSwitchStatus"
    message = "The current status ({current}) of the vSwitch does not support this operation."


class IncorrectNatGatewayStatus(VpcError):
    code, message = "IncorrectStatus.NatGateway", "The NAT gateway status ({current}) does not support this operation."


class IncorrectEipStatus(VpcError):
    code, message = "IncorrectEipStatus", "The current status ({current}) of the EIP does not support this operation."


class IncorrectSnatEntryStatus(VpcError):
    code, message = "IncorrectStatus.SnatEntry", "The SNAT entry status ({current}) does not support this operation."


class IncorretSnatEntryStatus(VpcError):  # sic: ModifySnatEntry's real code
    code, message = "IncorretSnatEntryStatus", "The SNAT entry status ({current}) does not support modification."


class OperationConflict(VpcError):
    code, status, message = "OperationConflict", 409, "Another operation on {resource} is in progress."


# --- delete ordering -------------------------------------------------------------------------------------
class VpcHasVSwitches(VpcError):
    code, message = "DependencyViolation.VSwitch", "Specified VPC has vSwitches; delete them first."


class VpcHasNatGateways(VpcError):
    code, message = "DependencyViolation.NatGateway", "Specified VPC has NAT gateways; delete them first."


class VpcHasSecurityGroups(VpcError):
    code, message = "DependencyViolation.SecurityGroup", "Specified VPC has security groups; delete them first."


class ResourceHasDependents(VpcError):
    code, message = "DependencyViolation", "Specified resource is still used by: {dependents}."


class VSwitchHasSnatEntries(VpcError):
    code, message = "DependencyViolation.SnatEntry", "Specified vSwitch is used by SNAT entries; delete them first."


class VSwitchHasNatGateway(VpcError):
    code, message = "DependencyViolation.EnhancedNatgw", "Specified vSwitch holds an enhanced NAT gateway."


class NatGatewayHasSnatEntries(VpcError):
    code, message = "DependencyViolation.SnatEntry", "Specified NAT gateway has SNAT entries; delete them first."


class NatGatewayHasEips(VpcError):
    code, message = "DependencyViolation.EIPS", "Specified NAT gateway has EIPs associated; unassociate them first."


class EipUsedBySnatTable(VpcError):
    code, message = "InvalidIpStatus.HasBeenUsedBySnatTable", "The EIP is used by a SNAT entry; delete the entry first."


# --- tagging ---------------------------------------------------------------------------------------------
class TagQuotaExceeded(VpcError):
    code, message = "QuotaExceed.TagNum", "The number of tags on a resource exceeds the limit of 20."
