"""What every `dlc-stack` command needs first: the project folder, the stack, its cloud session, the fake.

Set-up problems are `SetupProblem`s: printed as one line without a traceback, exit code 2.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import fake_server

__all__ = ["SetupProblem", "check_fake", "endpoint_of", "job_api", "open_stack_of", "project_dir_of", "session_of"]


class SetupProblem(RuntimeError):
    """Something to fix before the command can run; printed without a traceback (exit 2)."""


def project_dir_of(args: argparse.Namespace) -> Path:
    from .stacks import ProjectNotFound, find_project_dir

    try:
        return find_project_dir(args.cwd)
    except ProjectNotFound as error:
        raise SetupProblem(str(error)) from None


def open_stack_of(args: argparse.Namespace) -> Any:
    from ..engine import EngineUnavailable
    from .stacks import open_stack

    project_dir = project_dir_of(args)
    try:
        return open_stack(project_dir, args.stack, say=print)
    except EngineUnavailable as error:
        raise SetupProblem(f"the pulumi engine is not available: {error}") from None


def endpoint_of(config: dict[str, Any]) -> str | None:
    return config.get("dlc:endpoint") or os.environ.get("DLC_ENDPOINT")


def check_fake(handle: Any, config: dict[str, Any]) -> None:
    """A stack pointed at a local endpoint needs the fake running there: say how to start it."""
    from ..config import Endpoint

    url = endpoint_of(config)
    if not url:
        return
    try:
        endpoint = Endpoint.parse(str(url), what="dlc:endpoint")
    except Exception:  # noqa: BLE001 (the provider reports a bad endpoint itself)
        return
    if not endpoint.is_loopback:
        return
    if fake_server.health(str(url).rstrip("/")) is None:
        port = str(url).rstrip("/").rsplit(":", 1)[-1]
        extra = "" if port == str(fake_server.DEFAULT_PORT) else f" --port {port}"
        raise SetupProblem(
            f"nothing answers at {url} (the stack's dlc:endpoint); start the fake cloud with "
            f"`dlc-stack fake start{extra}`"
        )


def session_of(config: dict[str, Any]) -> Any:
    from ..clients.session import Session
    from ..errors import ConfigError
    from .stacks import provider_settings

    try:
        return Session(provider_settings(config))
    except ConfigError as error:
        raise SetupProblem(str(error)) from None


def job_api(session: Any) -> tuple[Callable[[str], dict[str, Any] | None], Callable[[str, str], list[str]]]:
    from ..clients import pai_dlc

    return (
        lambda job_id: pai_dlc.get_job(session, job_id),
        lambda job_id, pod_id: pai_dlc.get_pod_logs(session, job_id, pod_id, max_lines=1000),
    )
