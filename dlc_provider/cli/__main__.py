"""`python -m dlc_provider.cli` runs `dlc-stack`."""

from .main import main

raise SystemExit(main())
