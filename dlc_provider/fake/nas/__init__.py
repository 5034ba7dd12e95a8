"""Fake NAS (RPC 2017-06-26): file systems (general-purpose, extreme, CPFS), mount targets, access groups and rules."""
