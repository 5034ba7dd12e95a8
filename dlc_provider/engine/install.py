"""Finding or building the real `pulumi` engine, and caching it outside the clone.

Order of preference:
1. A `pulumi` CLI on PATH whose version is the installed pulumi Python package's version or newer
   (same major): used as it is, with the plugins installed next to it.
2. A cached build under `$DLC_ENGINE_CACHE` (default `${XDG_CACHE_HOME:-~/.cache}/dlc-provider/engine`),
   keyed by engine version.
3. A fresh build of `github.com/pulumi/pulumi/pkg/v3/cmd/pulumi` with the machine's Go and module proxy,
   at the Python package's version or the nearest newer version the proxy serves, stamped with that
   version. The program executor comes from the `sdk/v3` module of the same version.

Beside `pulumi` go our launchers `pulumi-language-python` and `pulumi-resource-pulumi-python` (scripts/),
the modules they run (`interpreter.py`, `language_host.py`, `guard.py`) and ENGINE.json. Those files hold
nothing specific to the clone that ran the set-up (the interpreter is chosen at run time, see
interpreter.py); ENGINE.json stamps their content hash, and a cache whose stamp differs from this
package's files gets them rewritten, without a Go rebuild.

Nothing here writes inside the clone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path

PKG_MODULE = "github.com/pulumi/pulumi/pkg/v3"
SDK_MODULE = "github.com/pulumi/pulumi/sdk/v3"
CLI_PACKAGE = f"{PKG_MODULE}/cmd/pulumi"
VERSION_SYMBOL = f"{SDK_MODULE}/go/common/version.Version"
# The version whose go.sum is committed in engine/gomod (builds it with -mod=readonly, no resolution).
PINNED_VERSION = "v3.274.0"

BIN_NAMES = (
    "pulumi",
    "pulumi-language-python",
    "pulumi-language-python-exec",
    "pulumi-resource-pulumi-python",
)


#: Our launchers (engine/scripts/), executable.
LAUNCHERS = ("pulumi-language-python", "pulumi-resource-pulumi-python")
#: Modules of this package the launchers run, copied beside them.
HOST_MODULES = ("interpreter.py", "language_host.py", "guard.py")
ENGINE_JSON = "ENGINE.json"


class EngineUnavailable(RuntimeError):
    """No usable engine, and none can be built here; the message says what to install."""


@dataclass(frozen=True)
class Engine:
    """A usable engine: the directory holding `pulumi` and its companions, and where it came from."""

    version: str
    bin_dir: Path
    source: str  # "path" | "cache" | "built"
    seconds: float = 0.0

    @property
    def pulumi(self) -> Path:
        return self.bin_dir / "pulumi"


def _parse(version: str) -> tuple[int, ...]:
    match = re.match(r"v?(\d+)\.(\d+)\.(\d+)$", version.strip())
    if not match:
        raise ValueError(f"not a release version: {version!r}")
    return tuple(int(x) for x in match.groups())


def python_sdk_version() -> str:
    """The installed pulumi Python package's version, as `vX.Y.Z`."""
    return "v" + metadata.version("pulumi")


def is_compatible(cli_version: str, sdk_version: str) -> bool:
    """The CLI may be newer than the Python package, never older, and must share its major version."""
    try:
        cli, sdk = _parse(cli_version), _parse(sdk_version)
    except ValueError:
        return False
    return cli[0] == sdk[0] and cli >= sdk


def cache_root() -> Path:
    if os.environ.get("DLC_ENGINE_CACHE"):
        return Path(os.environ["DLC_ENGINE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dlc-provider" / "engine"


def _cli_version(pulumi: Path | str) -> str | None:
    try:
        out = subprocess.run([str(pulumi), "version"], capture_output=True, text=True, timeout=60, check=False)
    except OSError:
        return None
    return out.stdout.strip() or None


def find_on_path(sdk_version: str) -> Engine | None:
    found = shutil.which("pulumi")
    if not found:
        return None
    path = Path(found).resolve()
    # Our own cache's bin dir may be on PATH already; that is a cache hit, not a user install.
    if cache_root().resolve() in path.parents:
        return None
    version = _cli_version(path)
    if version and is_compatible(version, sdk_version):
        return Engine(version=version, bin_dir=path.parent, source="path")
    return None


def host_files() -> dict[str, str]:
    """The launcher scripts and host modules this package installs beside `pulumi`: name → content."""
    package = resources.files("dlc_provider.engine")
    files = {name: (package / "scripts" / name).read_text() for name in LAUNCHERS}
    files.update({name: (package / name).read_text() for name in HOST_MODULES})
    return files


def host_files_stamp(files: dict[str, str] | None = None) -> str:
    """Content hash of `host_files()`, stamped in ENGINE.json."""
    digest = hashlib.sha256()
    for name, text in sorted((files or host_files()).items()):
        digest.update(f"{name}\0{text}\0".encode())
    return digest.hexdigest()


def _replace_file(path: Path, text: str, executable: bool = False) -> None:
    """Write atomically: a plugin starting now sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    if executable:
        tmp.chmod(0o755)
    os.replace(tmp, path)


def _read_engine_json(bin_dir: Path) -> dict:
    try:
        data = json.loads((bin_dir / ENGINE_JSON).read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def install_host_files(bin_dir: Path, version: str) -> bool:
    """Bring our launchers and host modules in `bin_dir` up to this package's; True when anything was written."""
    files = host_files()
    stamp = host_files_stamp(files)
    info = _read_engine_json(bin_dir)
    if info.get("host_files") == stamp and all((bin_dir / name).exists() for name in files):
        return False
    for name, text in files.items():
        _replace_file(bin_dir / name, text, executable=name in LAUNCHERS)
    info.update({"version": version, "host_files": stamp})
    _replace_file(bin_dir / ENGINE_JSON, json.dumps(info))
    return True


def _cached(version: str) -> Engine | None:
    bin_dir = cache_root() / version / "bin"
    needed = ("pulumi", "pulumi-language-python-exec")
    if all((bin_dir / name).exists() for name in needed) and _cli_version(bin_dir / "pulumi") == version:
        install_host_files(bin_dir, version)
        return Engine(version=version, bin_dir=bin_dir, source="cache")
    return None


def _go(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    go = shutil.which("go")
    if not go:
        raise EngineUnavailable(
            "No `pulumi` CLI (version >= the pulumi Python package) on PATH, and no Go toolchain to build one.\n"
            "Install either:\n"
            "  - the Pulumi CLI: https://www.pulumi.com/docs/install/ (any version >= "
            f"{python_sdk_version()}), or\n"
            "  - Go 1.26 or newer (https://go.dev/dl/), with access to a Go module proxy; the set-up then builds it."
        )
    full_env = {**os.environ, "GOTOOLCHAIN": "local", "CGO_ENABLED": "0", "GOFLAGS": "-mod=mod", **(env or {})}
    return subprocess.run([go, *args], cwd=cwd, env=full_env, capture_output=True, text=True, check=False)


def _go_version() -> tuple[int, ...]:
    out = _go("env", "GOVERSION").stdout.strip()  # e.g. go1.26.8
    match = re.match(r"go(\d+)\.(\d+)(?:\.(\d+))?", out)
    if not match:
        raise EngineUnavailable(f"cannot read the Go version (got {out!r})")
    return tuple(int(x or 0) for x in match.groups())


def _served_versions() -> list[str]:
    out = _go("list", "-m", "-versions", PKG_MODULE)
    if out.returncode != 0:
        raise EngineUnavailable(f"the Go module proxy did not list {PKG_MODULE}:\n{out.stderr.strip()}")
    return [v for v in out.stdout.split()[1:] if re.match(r"v\d+\.\d+\.\d+$", v)]


def _module_go_directive(version: str) -> tuple[int, ...] | None:
    """The `go` line of pkg/v3's go.mod at a version, or None when the proxy refuses that version."""
    out = _go("mod", "download", "-json", f"{PKG_MODULE}@{version}")
    if out.returncode != 0:
        return None
    gomod = Path(json.loads(out.stdout)["GoMod"]).read_text()
    match = re.search(r"^go (\d+)\.(\d+)(?:\.(\d+))?", gomod, re.M)
    return tuple(int(x or 0) for x in match.groups()) if match else None


def choose_version(sdk_version: str) -> str:
    """The Python package's version if the proxy serves it (and local Go can build it), else the nearest newer."""
    local_go = _go_version()
    candidates = sorted(
        (v for v in _served_versions() if is_compatible(v, sdk_version)), key=_parse
    )
    for version in candidates:
        needs = _module_go_directive(version)
        if needs is not None and needs <= local_go:
            return version
    raise EngineUnavailable(
        f"The Go module proxy serves no {PKG_MODULE} version >= {sdk_version} that Go "
        f"{'.'.join(map(str, local_go))} can build. Install the Pulumi CLI instead."
    )


def _module_dir(module: str, version: str) -> Path:
    out = _go("mod", "download", "-json", f"{module}@{version}")
    if out.returncode != 0:
        raise EngineUnavailable(f"cannot download {module}@{version}:\n{out.stderr.strip()}")
    return Path(json.loads(out.stdout)["Dir"])


def _copy_executable(src: Path, dest: Path) -> None:
    shutil.copyfile(src, dest)  # module cache files are read-only; copy content, then set the run bits
    dest.chmod(0o755)


def build(version: str) -> Engine:
    """Build the CLI at `version` into the cache, atomically (a half-done build never looks finished)."""
    started = time.monotonic()
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"build-{version}-", dir=root))
    try:
        src = work / "src"
        src.mkdir()
        gomod_dir = resources.files("dlc_provider.engine") / "gomod"
        gomod = (gomod_dir / "go.mod").read_text().replace(PINNED_VERSION, version)
        (src / "go.mod").write_text(gomod)
        if version == PINNED_VERSION:
            (src / "go.sum").write_text((gomod_dir / "go.sum").read_text())
            mod_mode = "-mod=readonly"
        else:
            tidy = _go("mod", "tidy", cwd=src)
            if tidy.returncode != 0:
                raise EngineUnavailable(f"go mod tidy failed for pulumi {version}:\n{tidy.stderr.strip()}")
            mod_mode = "-mod=readonly"
        bin_dir = work / "bin"
        bin_dir.mkdir()
        out = _go(
            "build", "-trimpath", "-tags", "osusergo,grpcnotrace",
            "-ldflags", f"-s -w -X {VERSION_SYMBOL}={version}",
            "-o", str(bin_dir / "pulumi"), CLI_PACKAGE,
            cwd=src, env={"GOFLAGS": mod_mode},
        )
        if out.returncode != 0:
            raise EngineUnavailable(f"building pulumi {version} failed:\n{out.stderr.strip()[-4000:]}")
        sdk_dir = _module_dir(SDK_MODULE, version)
        _copy_executable(sdk_dir / "python/cmd/pulumi-language-python-exec", bin_dir / "pulumi-language-python-exec")
        (bin_dir / ENGINE_JSON).write_text(json.dumps({"version": version, "built_with": _go("version").stdout.strip()}))
        install_host_files(bin_dir, version)

        final = root / version
        if final.exists():
            shutil.rmtree(final)
        bin_dir.rename(work / "ready")
        final.mkdir()
        (work / "ready").rename(final / "bin")
        return Engine(version=version, bin_dir=final / "bin", source="built", seconds=time.monotonic() - started)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _remembered_choice(sdk_version: str) -> str | None:
    choices = cache_root() / "choices.json"
    try:
        return json.loads(choices.read_text()).get(sdk_version)
    except (OSError, ValueError):
        return None


def _remember_choice(sdk_version: str, version: str) -> None:
    choices = cache_root() / "choices.json"
    try:
        data = json.loads(choices.read_text())
    except (OSError, ValueError):
        data = {}
    data[sdk_version] = version
    choices.parent.mkdir(parents=True, exist_ok=True)
    choices.write_text(json.dumps(data, indent=2, sort_keys=True))


def ensure_engine(allow_path: bool = True) -> Engine:
    """A usable engine, building it once if needed. Raises EngineUnavailable with advice otherwise."""
    started = time.monotonic()
    sdk_version = python_sdk_version()
    if allow_path and os.environ.get("DLC_ENGINE_IGNORE_PATH") != "1":
        on_path = find_on_path(sdk_version)
        if on_path:
            return on_path
    remembered = _remembered_choice(sdk_version)
    if remembered:
        cached = _cached(remembered)
        if cached:
            return Engine(cached.version, cached.bin_dir, "cache", time.monotonic() - started)
    version = choose_version(sdk_version)
    _remember_choice(sdk_version, version)
    cached = _cached(version)
    if cached:
        return Engine(cached.version, cached.bin_dir, "cache", time.monotonic() - started)
    return build(version)
