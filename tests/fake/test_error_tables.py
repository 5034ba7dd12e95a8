"""The error tables (errors.json of every fake service): well-formed, and every name the fake imports exists."""

from __future__ import annotations

import importlib
import pkgutil
import string

import pytest

import dlc_provider.fake
from dlc_provider.fake.core.errors import ErrorTable, FakeError

PACKAGES = ["core", "vpc", "ram", "nas", "ecs", "pai_dlc", "aiworkspace"]
RESERVED_FIELDS = {"message", "code", "status", "headers"}


@pytest.mark.parametrize("service", PACKAGES)
def test_every_entry_is_a_well_formed_error(service: str) -> None:
    table = ErrorTable(f"dlc_provider.fake.{service}", "probe")
    assert table.classes
    for name, cls in table.classes.items():
        assert issubclass(cls, FakeError) and cls.__name__ == name
        assert cls.code and cls.status in {400, 403, 404, 409, 500, 501, 503}
        fields = {f for _, f, _, _ in string.Formatter().parse(cls.message) if f}
        assert not fields & RESERVED_FIELDS, f"{service}.{name} names a reserved keyword in its template"
        error = cls(**{f: "x" for f in fields})
        assert (error.code, error.status) == (cls.code, cls.status) and "{" not in error.message


def test_every_module_of_the_fake_imports() -> None:
    """A name an `exceptions` module does not declare fails here, not at the first request that raises it."""
    prefix = dlc_provider.fake.__name__ + "."
    for module in pkgutil.walk_packages(dlc_provider.fake.__path__, prefix):
        importlib.import_module(module.name)


def test_an_unknown_error_name_is_an_import_error() -> None:
    with pytest.raises(ImportError):
        exec("from dlc_provider.fake.vpc.exceptions import NoSuchError", {})


def test_the_same_class_every_time() -> None:
    from dlc_provider.fake.vpc import exceptions

    assert exceptions.InvalidVpcIdNotFound is exceptions.InvalidVpcIdNotFound
    assert exceptions.InvalidVpcIdNotFound().message == "Specified VPC does not exist."
