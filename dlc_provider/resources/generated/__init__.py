"""The program-side classes of the resources (`XArgs`, `XArgsDict`, `XResource`), one module each, written from
the specs by `python -m dlc_provider.resources.generate` (see that module).

They are build output, not source, and not committed: `./run setup` writes them, and an import that finds them
missing (a fresh checkout, an install built from one) writes them first. The specs stay the one declaration.
"""

from ..codegen import write_missing

write_missing()
