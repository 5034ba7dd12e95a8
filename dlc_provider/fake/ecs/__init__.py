"""Fake ECS (RPC 2014-05-26): security groups and their rules."""
