"""Fake VPC (RPC 2016-04-28): VPCs, vSwitches, NAT gateways, EIPs and SNAT entries."""
