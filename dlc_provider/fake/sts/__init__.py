"""Fake STS (RPC 2015-04-01): GetCallerIdentity for the fake's access keys."""
