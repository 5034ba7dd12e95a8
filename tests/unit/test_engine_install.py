"""Choosing and caching the engine, without building it."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

from dlc_provider.engine import install
from dlc_provider.engine.environment import LOCAL_PASSPHRASE, command_environment, engine_environment, is_dry_run


@pytest.mark.parametrize(
    ("cli", "sdk", "ok"),
    [
        ("v3.272.0", "v3.272.0", True),
        ("v3.274.0", "v3.272.0", True),
        ("v3.271.9", "v3.272.0", False),  # the CLI must not be older than the Python package
        ("v4.0.0", "v3.272.0", False),  # another major version
        ("v3.274.0-dev.0", "v3.272.0", False),  # not a release
        ("", "v3.272.0", False),
    ],
)
def test_cli_compatibility(cli, sdk, ok):
    assert install.is_compatible(cli, sdk) is ok


def test_choose_version_takes_nearest_newer_that_local_go_can_build(monkeypatch):
    served = ["v3.260.0", "v3.274.0", "v3.274.1", "v3.276.0"]
    go_lines = {"v3.274.0": None, "v3.274.1": (1, 27, 0), "v3.276.0": (1, 26, 1)}  # None = refused by the proxy
    monkeypatch.setattr(install, "_go_version", lambda: (1, 26, 8))
    monkeypatch.setattr(install, "_served_versions", lambda: served)
    monkeypatch.setattr(install, "_module_go_directive", lambda v: go_lines[v])
    assert install.choose_version("v3.272.0") == "v3.276.0"


def test_choose_version_prefers_the_exact_python_package_version(monkeypatch):
    monkeypatch.setattr(install, "_go_version", lambda: (1, 26, 8))
    monkeypatch.setattr(install, "_served_versions", lambda: ["v3.271.0", "v3.272.0", "v3.274.0"])
    monkeypatch.setattr(install, "_module_go_directive", lambda v: (1, 26, 0))
    assert install.choose_version("v3.272.0") == "v3.272.0"


def test_no_go_and_no_pulumi_says_how_to_get_one(monkeypatch):
    monkeypatch.setattr(install.shutil, "which", lambda name: None)
    with pytest.raises(install.EngineUnavailable) as err:
        install._go("version")
    text = str(err.value)
    assert "Install either" in text and "Pulumi CLI" in text and "Go 1.26" in text


def _fake_cli(bin_dir: Path, version: str) -> None:
    bin_dir.mkdir(parents=True)
    for name in install.BIN_NAMES:
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\necho {version}\n")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)


def test_cached_engine_is_reused_without_asking_the_proxy(monkeypatch, tmp_path):
    monkeypatch.setenv("DLC_ENGINE_CACHE", str(tmp_path))
    monkeypatch.setenv("DLC_ENGINE_IGNORE_PATH", "1")
    sdk = install.python_sdk_version()
    _fake_cli(tmp_path / "v3.999.0" / "bin", "v3.999.0")
    (tmp_path / "choices.json").write_text(json.dumps({sdk: "v3.999.0"}))
    monkeypatch.setattr(install, "choose_version", lambda _v: pytest.fail("the proxy was asked"))
    engine = install.ensure_engine()
    assert engine.source == "cache" and engine.version == "v3.999.0"
    assert engine.pulumi == tmp_path / "v3.999.0" / "bin" / "pulumi"


def test_a_compatible_cli_on_path_is_used(monkeypatch, tmp_path):
    monkeypatch.setenv("DLC_ENGINE_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("DLC_ENGINE_IGNORE_PATH", raising=False)
    _fake_cli(tmp_path / "user-bin", "v3.999.0")
    monkeypatch.setenv("PATH", f"{tmp_path / 'user-bin'}{os.pathsep}{os.environ['PATH']}")
    engine = install.ensure_engine()
    assert engine.source == "path" and engine.bin_dir == tmp_path / "user-bin"


def test_an_older_cli_on_path_is_not_used(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{tmp_path / 'user-bin'}{os.pathsep}{os.environ['PATH']}")
    _fake_cli(tmp_path / "user-bin", "v3.1.0")
    assert install.find_on_path(install.python_sdk_version()) is None


def test_environment_is_offline_local_and_only_defaults_the_passphrase_locally(tmp_path):
    engine = install.Engine("v3.999.0", tmp_path / "bin", "cache")
    env = engine_environment(engine, tmp_path, base={"PATH": "/usr/bin"})
    assert env["PATH"].startswith(str(tmp_path / "bin"))
    assert env["PULUMI_BACKEND_URL"] == f"file://{(tmp_path / '.pulumi-state').resolve()}"
    assert env["PULUMI_CONFIG_PASSPHRASE"] == LOCAL_PASSPHRASE
    assert env["PULUMI_SKIP_UPDATE_CHECK"] == "true"
    assert env["PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION"] == "true"

    remote = engine_environment(engine, tmp_path, base={"PULUMI_BACKEND_URL": "s3://bucket/state"})
    assert "PULUMI_CONFIG_PASSPHRASE" not in remote
    own = engine_environment(engine, tmp_path, base={"PULUMI_CONFIG_PASSPHRASE": "mine"})
    assert own["PULUMI_CONFIG_PASSPHRASE"] == "mine"


def test_cached_engine_gets_changed_host_files_rewritten_without_a_rebuild(monkeypatch, tmp_path):
    monkeypatch.setenv("DLC_ENGINE_CACHE", str(tmp_path))
    bin_dir = tmp_path / "v3.999.0" / "bin"
    _fake_cli(bin_dir, "v3.999.0")
    (bin_dir / "pulumi-language-python-exec").write_text("exec script from the sdk module\n")
    (bin_dir / "ENGINE.json").write_text(json.dumps({"version": "v3.999.0", "built_with": "go1.26"}))
    old_launcher = (bin_dir / "pulumi-language-python").read_text()

    assert install._cached("v3.999.0") is not None
    files = install.host_files()
    for name, text in files.items():
        assert (bin_dir / name).read_text() == text
    for name in install.LAUNCHERS:
        assert os.access(bin_dir / name, os.X_OK)
    info = json.loads((bin_dir / "ENGINE.json").read_text())
    assert info == {"version": "v3.999.0", "built_with": "go1.26", "host_files": install.host_files_stamp()}
    assert (bin_dir / "pulumi-language-python").read_text() != old_launcher
    assert (bin_dir / "pulumi-language-python-exec").read_text() == "exec script from the sdk module\n"

    # Up to date: nothing written. An edited (or missing) file: all rewritten.
    assert install.install_host_files(bin_dir, "v3.999.0") is False
    (bin_dir / "language_host.py").write_text("# stale\n")
    (bin_dir / "ENGINE.json").write_text(json.dumps({**info, "host_files": "old"}))
    assert install._cached("v3.999.0") is not None
    assert (bin_dir / "language_host.py").read_text() == files["language_host.py"]
    (bin_dir / "guard.py").unlink()
    assert install.install_host_files(bin_dir, "v3.999.0") is True
    assert (bin_dir / "guard.py").exists()


def test_host_files_hold_nothing_specific_to_this_clone():
    clone = str(Path(__file__).resolve().parents[2])
    for name, text in install.host_files().items():
        assert clone not in text, name
        assert sys.prefix not in text and sys.executable not in text, name
    assert set(install.host_files()) == {
        "pulumi-language-python", "pulumi-resource-pulumi-python", "interpreter.py", "language_host.py", "guard.py",
    }


@pytest.mark.parametrize(
    ("args", "dry"),
    [
        (["preview", "--stack", "dev"], True),
        (["--non-interactive", "preview"], True),
        (["refresh", "--preview-only", "--yes"], True),
        (["destroy", "--preview-only"], True),
        (["up", "--yes", "--skip-preview"], False),
        (["destroy", "--yes"], False),
        (["refresh", "--yes"], False),
        (["stack", "export"], False),
    ],
)
def test_only_dry_runs_skip_the_engines_intermediate_snapshots(args, dry):
    env = command_environment({"PATH": "/usr/bin"}, args)
    assert is_dry_run(args) is dry
    assert (env.get("PULUMI_SKIP_CHECKPOINTS") == "true") is dry
    assert env["PATH"] == "/usr/bin"


def test_a_users_own_checkpoint_setting_is_kept_for_a_preview():
    env = command_environment({"PULUMI_SKIP_CHECKPOINTS": "false"}, ["preview"])
    assert env["PULUMI_SKIP_CHECKPOINTS"] == "false"


def test_the_env_command_prints_a_previews_environment_when_given_its_arguments(monkeypatch, tmp_path, capsys):
    from dlc_provider.engine import __main__ as engine_main

    monkeypatch.setattr(engine_main, "ensure_engine", lambda: install.Engine("v3.999.0", tmp_path / "bin", "cache"))
    monkeypatch.delenv("PULUMI_SKIP_CHECKPOINTS", raising=False)
    printed = {}
    for name, args in {"preview": ["--", "preview", "-s", "dev"], "up": ["--", "up", "--yes"], "none": []}.items():
        assert engine_main.main(["env", "--project-dir", str(tmp_path), *args]) == 0
        printed[name] = capsys.readouterr().out
    assert "export PULUMI_SKIP_CHECKPOINTS=true" in printed["preview"]
    assert "PULUMI_SKIP_CHECKPOINTS" not in printed["up"] and "PULUMI_SKIP_CHECKPOINTS" not in printed["none"]
    assert printed["preview"].startswith(f"export PATH={tmp_path / 'bin'}:")
