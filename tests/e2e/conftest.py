"""Fixtures for end-to-end tests: the real engine (set up once per session) and throw-away projects."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from dlc_provider.engine import Engine, EngineUnavailable, ensure_engine

from .harness import PulumiProject, new_project


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real pulumi engine. An unavailable engine is a failure, never a skip."""
    try:
        return ensure_engine()
    except EngineUnavailable as exc:
        pytest.fail(f"the pulumi engine is not available: {exc}")


@pytest.fixture
def pulumi_project(engine: Engine, tmp_path: Path) -> Callable[..., PulumiProject]:
    """Factory: `pulumi_project(program_source, config={...})` → an initialised project with one stack."""
    made: list[PulumiProject] = []

    def make(program: str, config: dict[str, str] | None = None, name: str = "e2e") -> PulumiProject:
        project = new_project(engine, tmp_path / f"{name}-{len(made)}", name=name)
        project.write_program(program)
        for key, value in (config or {}).items():
            project.set_config(key, value)
        made.append(project)
        return project

    yield make
    for project in made:  # leave nothing behind even when a test failed half-way
        if project.resources():
            project.run("destroy", "--yes", "--skip-preview", "--stack", project.stack, check=False)
