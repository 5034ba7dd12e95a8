"""Which Python runs a program, its language host and its provider plugin (engine/interpreter.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlc_provider.engine import interpreter, language_host


def _python(venv: Path) -> Path:
    """A fake virtualenv interpreter (exists and is executable; never run in these tests)."""
    python = venv / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text("#!/bin/sh\n")
    python.chmod(0o755)
    return python


@pytest.fixture
def project(tmp_path: Path) -> Path:
    directory = tmp_path / "proj"
    directory.mkdir()
    return directory


def test_order_explicit_then_active_venv_then_project_venv_then_python3(project, tmp_path):
    (tmp_path / "sys-bin").mkdir()
    python3 = tmp_path / "sys-bin" / "python3"
    python3.write_text("#!/bin/sh\n")
    python3.chmod(0o755)
    path = str(python3.parent)
    dot_venv = _python(project / ".venv")
    venv = _python(project / "venv")
    option = _python(tmp_path / "named")
    active = _python(tmp_path / "active")
    explicit = _python(tmp_path / "explicit")

    def choose(env, virtualenv=None):
        return interpreter.choose_python({"PATH": path, **env}, project, virtualenv)

    assert choose({"DLC_PROVIDER_PYTHON": str(explicit), "VIRTUAL_ENV": str(tmp_path / "active")}, "x") == (
        str(explicit), "$DLC_PROVIDER_PYTHON")
    assert choose({"VIRTUAL_ENV": str(tmp_path / "active")}, str(tmp_path / "named")).python == str(active)
    assert choose({}, "../named").python == str(project / "../named/bin/python")
    assert Path(choose({}, "../named").python).resolve() == option.resolve()
    assert choose({}).python == str(venv)  # venv/ before .venv/
    venv.unlink()
    assert choose({}) == (str(dot_venv), "the project's .venv/ folder")
    dot_venv.unlink()
    assert choose({}) == (str(python3), "python3 on PATH")
    with pytest.raises(interpreter.NoUsablePython, match="No Python interpreter found.*DLC_PROVIDER_PYTHON="):
        interpreter.choose_python({"PATH": str(tmp_path / "empty")}, project)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: p\nruntime:\n  name: python\n  options:\n    virtualenv: .venv  # made by ./run setup\n", ".venv"),
        ("name: p\nruntime:\n  name: python\n  options:\n    virtualenv: \"my env\"\n", "my env"),
        ("name: p\nruntime: {name: python, options: {virtualenv: venv2, toolchain: pip}}\n", "venv2"),
        ("name: p\nruntime: python\n", None),
    ],
)
def test_virtualenv_option_is_read_from_pulumi_yaml(project, text, expected):
    (project / "Pulumi.yaml").write_text(text)
    assert interpreter.virtualenv_option(project) == expected


def test_a_missing_interpreter_is_one_paragraph_with_the_fix(project, tmp_path):
    with pytest.raises(interpreter.NoUsablePython) as err:
        interpreter.checked_python({"VIRTUAL_ENV": str(tmp_path / "gone")}, project)
    text = str(err.value)
    assert "\n" not in text
    assert f"{tmp_path / 'gone/bin/python'} (from the active virtualenv ($VIRTUAL_ENV)), does not exist" in text
    assert "pip install /path/to/dlc-provider" in text and "DLC_PROVIDER_PYTHON=" in text


def test_an_interpreter_without_pulumi_is_refused_by_name(project, tmp_path):
    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True)
    with pytest.raises(interpreter.NoUsablePython) as err:
        interpreter.checked_python({"DLC_PROVIDER_PYTHON": str(bare / "bin/python")}, project, who="pulumi-x")
    text = str(err.value)
    assert text.startswith(f"pulumi-x: the Python interpreter chosen for the Pulumi program in {project}, ")
    assert "cannot import pulumi and grpc" in text and "\n" not in text


def test_this_virtualenv_can_run_both_hosts(project):
    choice, found = interpreter.checked_python({"DLC_PROVIDER_PYTHON": sys.executable}, project)
    assert choice.python == sys.executable
    assert {"pulumi", "grpc", interpreter.PROVIDER_HOST_MODULE} <= found


def test_the_program_runs_where_the_rule_says_and_gets_that_bin_folder_first(project, monkeypatch):
    monkeypatch.delenv("DLC_PROVIDER_PYTHON", raising=False)
    monkeypatch.delenv("VIRTUAL_ENV", raising=False)
    venv = Path(sys.prefix)
    assert language_host.program_python(str(project), {"virtualenv": str(venv)}) == str(venv / "bin" / "python")
    with pytest.raises(interpreter.NoUsablePython, match="'virtualenv' option \\(missing\\)"):
        language_host.program_python(str(project), {"virtualenv": "missing"})
    env = interpreter.program_environment({"PATH": "/usr/bin", "PYTHONHOME": "/x"}, "/v/bin/python")
    assert env == {"PATH": "/v/bin:/usr/bin"}


def test_own_interpreter_is_checked_in_process_with_the_same_answer(tmp_path):
    # The launchers run under the chosen interpreter as a rule: the check then happens here, not in a new
    # process, and must answer as `python -c` in the project folder would (the folder comes first on sys.path).
    (tmp_path / "only_in_this_folder.py").write_text("")
    modules = ["pulumi", "grpc", "only_in_this_folder", "no_such_module_anywhere"]
    probe = subprocess.run([sys.executable, "-c", interpreter._PROBE, *modules], cwd=tmp_path,
                           capture_output=True, text=True, check=True)
    assert interpreter.is_this_interpreter(sys.executable)
    assert interpreter.importable(sys.executable, modules, tmp_path) == set(probe.stdout.split())
    assert "only_in_this_folder" in probe.stdout and "no_such_module_anywhere" not in probe.stdout
    assert str(tmp_path) not in sys.path
