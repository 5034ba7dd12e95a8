"""`python -m dlc_provider.engine setup|bin-dir|env`: set up the engine and print where it is.

`env [--project-dir DIR] [-- PULUMI ARGS]` prints the exports for running `pulumi` there; given the
command's arguments, those of that command (a preview's, see `environment.command_environment`)."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from .environment import command_environment, engine_environment
from .install import EngineUnavailable, ensure_engine, python_sdk_version


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlc_provider.engine")
    parser.add_argument("command", choices=["setup", "bin-dir", "env"])
    parser.add_argument("--project-dir", type=Path, default=Path.cwd())
    argv = sys.argv[1:] if argv is None else argv
    cut = argv.index("--") if "--" in argv else len(argv)
    args, pulumi_args = parser.parse_args(argv[:cut]), argv[cut + 1:]
    try:
        engine = ensure_engine()
    except EngineUnavailable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "setup":
        how = {"path": "found on PATH", "cache": "cached", "built": f"built in {engine.seconds:.0f} s"}[engine.source]
        print(
            f"engine: pulumi {engine.version} ({how}) at {engine.bin_dir} "
            f"(pulumi Python package v{python_sdk_version().lstrip('v')})",
            file=sys.stderr,
        )
    elif args.command == "bin-dir":
        print(engine.bin_dir)
    else:
        env = command_environment(engine_environment(engine, args.project_dir.resolve()), pulumi_args)
        for key, value in sorted(env.items()):
            if key == "PATH":
                print(f'export PATH={shlex.quote(str(engine.bin_dir))}:"$PATH"')
            elif os.environ.get(key) != value:
                print(f"export {key}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
