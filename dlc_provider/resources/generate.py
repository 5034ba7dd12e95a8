"""Write the program-side classes of every resource from its spec: `python -m dlc_provider.resources.generate`.

What is written and why is in `codegen`. `--check` writes nothing and exits 1 if a file is stale.
"""

from __future__ import annotations

import argparse
import sys

from .codegen import DECLARED, Declared, render, stale_files, write_all

__all__ = ["DECLARED", "Declared", "main", "render", "stale_files"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dlc_provider.resources.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a generated file is stale")
    options = parser.parse_args(argv)
    if options.check:
        stale = stale_files()
        for path in stale:
            print(f"stale: {path}", file=sys.stderr)
        return 1 if stale else 0
    write_all(verbose=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
