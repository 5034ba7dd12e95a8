"""Fake AIWorkspace (ROA 2021-02-04): workspaces (a default one per region) and datasets backed by NAS or CPFS."""
