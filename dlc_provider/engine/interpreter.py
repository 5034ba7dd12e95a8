"""Which Python runs a Pulumi program, its language host and its dynamic-provider plugin.

One rule for all three, read from the environment at run time (nothing about the clone that set up the
engine is baked into the engine cache):

1. `$DLC_PROVIDER_PYTHON` (an interpreter path or command), when set;
2. the active virtualenv, `$VIRTUAL_ENV/bin/python`;
3. the project's virtualenv: the `virtualenv` runtime option of Pulumi.yaml (relative to the project
   folder), else `venv/` or `.venv/` in the project folder;
4. `$PULUMI_PYTHON_CMD`, then `python3` on PATH.

The first that applies is chosen and must be able to import `pulumi` (and `grpc`); otherwise the error is
one paragraph naming the interpreter, why it was chosen, and what to install.

This file is also run as a script by the engine's launchers (`pulumi-language-python`,
`pulumi-resource-pulumi-python`) under whatever `python3` they find first, so it uses the standard
library only and keeps to Python 3.8 syntax.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Mapping, NamedTuple, Optional, Sequence

ENV_PYTHON = "DLC_PROVIDER_PYTHON"
#: Set by the launchers to the engine's process ID (their parent); the hosts watch it (see guard.py).
ENV_ENGINE_PID = "DLC_ENGINE_PID"
PROJECT_VENV_NAMES = ("venv", ".venv")
# The modules our hosts need; `pulumi.dynamic` needs the same two.
HOST_MODULES = ("pulumi", "grpc")
PROVIDER_HOST_MODULE = "dlc_provider.engine.provider_host"

# Which of the given modules (plus our provider host, when installed) an interpreter can import, found
# without importing them. Run with `python -c` in another interpreter, or exec'd here for our own.
_FIND = """
import importlib.util as u, os
def found_modules(modules):
    found = [m for m in modules if u.find_spec(m)]
    s = u.find_spec("dlc_provider")
    if s and any(os.path.exists(os.path.join(p, "engine", "provider_host.py")) for p in (s.submodule_search_locations or [])):
        found.append("dlc_provider.engine.provider_host")
    return found
"""
_PROBE = _FIND + """
import sys
print(" ".join(found_modules(sys.argv[1:])))
"""


class Choice(NamedTuple):
    """The chosen interpreter and the rule that chose it (said in errors)."""

    python: str
    reason: str


class NoUsablePython(RuntimeError):
    """No interpreter fits, or the chosen one lacks packages; the message is one paragraph with the fix."""


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def virtualenv_option(project_dir: Path) -> Optional[str]:
    """The `virtualenv` runtime option of the project's Pulumi.yaml, read without a YAML library.

    Enough for the forms Pulumi documents (`runtime: {name: python, options: {virtualenv: X}}` in block
    style); the language host later uses the engine's own parse of the file for the program.
    """
    for name in ("Pulumi.yaml", "Pulumi.yml"):
        try:
            text = (project_dir / name).read_text()
        except OSError:
            continue
        match = re.search(r"^\s+virtualenv:\s*([^#\n]+?)\s*(?:#.*)?$", text, re.M)
        if match:
            return match.group(1).strip().strip("'\"") or None
        inline = re.search(r"virtualenv:\s*['\"]?([^,'\"}\s]+)", text)
        return inline.group(1) if inline else None
    return None


def choose_python(env: Mapping[str, str], project_dir: Path, virtualenv: Optional[str] = None) -> Choice:
    """The interpreter for `project_dir` under `env` (rules in the module docstring); not yet checked."""
    explicit = env.get(ENV_PYTHON, "").strip()
    if explicit:
        found = explicit if os.sep in explicit else shutil.which(explicit, path=env.get("PATH"))
        return Choice(found or explicit, f"${ENV_PYTHON}")
    active = env.get("VIRTUAL_ENV", "").strip()
    if active:
        return Choice(str(_venv_python(Path(active))), "the active virtualenv ($VIRTUAL_ENV)")
    if virtualenv:
        venv = Path(virtualenv)
        if not venv.is_absolute():
            venv = project_dir / venv
        return Choice(str(_venv_python(venv)), f"the 'virtualenv' option ({virtualenv}) in Pulumi.yaml")
    for name in PROJECT_VENV_NAMES:
        candidate = _venv_python(project_dir / name)
        if candidate.exists():
            return Choice(str(candidate), f"the project's {name}/ folder")
    for variable, command in (("PULUMI_PYTHON_CMD", env.get("PULUMI_PYTHON_CMD", "")), ("PATH", "python3")):
        found = shutil.which(command, path=env.get("PATH")) if command else None
        if found:
            return Choice(found, f"${variable}" if variable != "PATH" else "python3 on PATH")
    raise NoUsablePython(
        f"No Python interpreter found for the Pulumi program in {project_dir}: {ENV_PYTHON} and VIRTUAL_ENV "
        "are not set, Pulumi.yaml names no 'virtualenv', the project has no venv/ or .venv/ folder, and no "
        f"python3 is on PATH. {_HOW_TO_FIX}"
    )


_HOW_TO_FIX = (
    "Install the packages into a virtualenv (`python3 -m venv .venv && .venv/bin/pip install "
    "/path/to/dlc-provider` for this project's package, or `pip install pulumi` for a program that does not "
    "use dlc_provider) and activate it, name it in "
    "Pulumi.yaml (runtime: {name: python, options: {virtualenv: .venv}}), or set "
    f"{ENV_PYTHON}=/path/to/python."
)


def importable(python: str, modules: Sequence[str], cwd: Optional[Path] = None) -> set:
    """Which of `modules` (plus our provider host, when installed) `python` can import, found without importing.

    When `python` is the interpreter running this code (the launchers run under the chosen one as a rule),
    the answer is found here, as `python -c` in `cwd` would find it, instead of in a new process (~60 ms,
    which the engine waits for at every plugin start).
    """
    if is_this_interpreter(python):
        return set(_found_here(modules, cwd))
    try:
        out = subprocess.run(
            [python, "-c", _PROBE, *modules], capture_output=True, text=True, timeout=60, check=False,
            cwd=str(cwd) if cwd else None,
        )
    except OSError:
        return set()
    return set(out.stdout.split()) if out.returncode == 0 else set()


def is_this_interpreter(python: str) -> bool:
    # Not resolved: a virtualenv's python links to its base interpreter but has its own packages.
    # PYTHONHOME is dropped for programs (program_environment), so with it set the answers may differ.
    return os.path.abspath(python) == os.path.abspath(sys.executable) and "PYTHONHOME" not in os.environ


def _found_here(modules: Sequence[str], cwd: Optional[Path]) -> list:
    namespace: dict = {}
    exec(_FIND, namespace)  # noqa: S102 (our own constant)
    folder = str(cwd) if cwd else os.getcwd()
    sys.path.insert(0, folder)  # as `python -c` has its working folder first on sys.path
    try:
        return namespace["found_modules"](modules)
    finally:
        sys.path.remove(folder)


def checked_python(
    env: Mapping[str, str], project_dir: Path, virtualenv: Optional[str] = None, who: str = "pulumi-language-python"
) -> tuple:
    """`(Choice, importable modules)` for `project_dir`; raises NoUsablePython when it cannot run our hosts."""
    choice = choose_python(env, project_dir, virtualenv)
    if not (os.path.isfile(choice.python) and os.access(choice.python, os.X_OK)):
        raise NoUsablePython(
            f"{who}: the Python interpreter chosen for the Pulumi program in {project_dir}, {choice.python} "
            f"(from {choice.reason}), does not exist. {_HOW_TO_FIX}"
        )
    found = importable(choice.python, HOST_MODULES, project_dir)
    missing = [m for m in HOST_MODULES if m not in found]
    if missing:
        raise NoUsablePython(
            f"{who}: the Python interpreter chosen for the Pulumi program in {project_dir}, {choice.python} "
            f"(from {choice.reason}), cannot import {' and '.join(missing)}. {_HOW_TO_FIX}"
        )
    return choice, found


def program_environment(env: Mapping[str, str], python: str) -> dict:
    """`env` for running `python` as a virtualenv's interpreter would run: its bin folder first on PATH."""
    out = dict(env)
    out["PATH"] = str(Path(python).parent) + os.pathsep + out.get("PATH", "")
    out.pop("PYTHONHOME", None)
    return out


def _launch(kind: str, argv: Sequence[str]) -> None:
    """Entry point of the launchers: choose, check, then exec the host in the chosen interpreter."""
    here = Path(__file__).resolve().parent
    project = Path.cwd()
    env = dict(os.environ)
    env.setdefault(ENV_ENGINE_PID, str(os.getppid()))
    if kind == "language":
        who, virtualenv = "pulumi-language-python", virtualenv_option(project)
    else:
        # The engine passes the project's runtime options to provider plugins as PULUMI_RUNTIME_<OPTION>.
        who, virtualenv = "pulumi-resource-pulumi-python", env.get("PULUMI_RUNTIME_VIRTUALENV") or None
        if not virtualenv and env.get("PULUMI_RUNTIME_TOOLCHAIN") == "uv":
            virtualenv = ".venv"
    try:
        choice, found = checked_python(env, project, virtualenv, who)
    except NoUsablePython as exc:
        sys.stderr.write(f"{exc}\n")
        sys.exit(1)
    env = program_environment(env, choice.python)
    ours = True
    if kind == "language":
        command = [choice.python, "-u", str(here / "language_host.py"), *argv]
    elif PROVIDER_HOST_MODULE in found:
        command = [choice.python, "-u", "-m", PROVIDER_HOST_MODULE, *argv]
    else:
        # Another project's dynamic providers, without dlc_provider installed: pulumi's own server.
        command, ours = [choice.python, "-u", "-m", "pulumi.dynamic", *argv], False
    if ours:
        # Our hosts take SIGINT only from the engine (guard.py). Blocking it before exec means every thread
        # of the new process starts with it blocked, so none can take it in place of guard's waiter.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    sys.stdout.flush()
    os.execve(choice.python, command, env)


if __name__ == "__main__":
    _launch(sys.argv[1], sys.argv[2:])
