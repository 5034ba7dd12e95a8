"""Fake RAM (RPC 2015-05-01, global): roles, custom policies and their versions, system policies, attachments."""
