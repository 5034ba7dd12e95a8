"""Command line of the fake cloud: `python -m dlc_provider.fake serve [options]`.

Faults come from `--fault SPEC` (repeatable) or, when none is given, from the environment variable
`DLC_FAKE_FAULTS` (specs separated by `;` or whitespace). `--client-token-ttl` defaults to
`DLC_FAKE_CLIENT_TOKEN_TTL` (else 3600 s). `--access-key` (repeatable) replaces the default credentials.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from .settings import DEFAULT_ACCOUNT_ID, DEFAULT_REGION, AccessKey, FakeSettings, FaultRule

FAULTS_ENV = "DLC_FAKE_FAULTS"
TOKEN_TTL_ENV = "DLC_FAKE_CLIENT_TOKEN_TTL"


def _access_key(text: str) -> tuple[str, AccessKey]:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise argparse.ArgumentTypeError("expected ID:SECRET[:ACCOUNT]")
    return parts[0], AccessKey(secret=parts[1], account_id=parts[2] if len(parts) == 3 else DEFAULT_ACCOUNT_ID)


def _sts_key(text: str) -> tuple[str, AccessKey]:
    parts = text.split(":")
    if len(parts) not in (3, 4) or not all(parts):
        raise argparse.ArgumentTypeError("expected ID:SECRET:TOKEN[:ACCOUNT]")
    account = parts[3] if len(parts) == 4 else DEFAULT_ACCOUNT_ID
    return parts[0], AccessKey(secret=parts[1], security_token=parts[2], account_id=account)


def _fault(text: str) -> FaultRule:
    try:
        return FaultRule.parse(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"bad fault spec {text!r}: {error}") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m dlc_provider.fake", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the fake cloud's HTTP server")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    serve.add_argument("--access-key", type=_access_key, action="append", default=[], metavar="ID:SECRET[:ACCOUNT]",
                       help="an accepted access key (repeatable; replaces the default keys)")
    serve.add_argument("--sts-key", type=_sts_key, action="append", default=[], metavar="ID:SECRET:TOKEN[:ACCOUNT]",
                       help="an accepted STS key with its security token (repeatable)")
    serve.add_argument("--latency", choices=["instant", "realistic", "manual"], default="instant")
    serve.add_argument("--latency-factor", type=float, default=1.0, help="scales realistic durations")
    serve.add_argument("--fault", type=_fault, action="append", default=[], metavar="SPEC",
                       help="KIND:SERVICE:ACTION:PROBABILITY[:K=V,...] (repeatable)")
    serve.add_argument("--seed", type=int, default=0, help="seed of IDs and faults")
    serve.add_argument("--state-file", type=Path, default=None, help="SQLite file keeping state across restarts")
    serve.add_argument("--region", default=DEFAULT_REGION, help="region of requests that name none")
    serve.add_argument("--client-token-ttl", type=float, default=None, metavar="SECONDS",
                       help=f"how long a ClientToken is remembered (default ${TOKEN_TTL_ENV} or 3600)")
    serve.add_argument("--execute-jobs", action="store_true",
                       help="run PAI-DLC jobs' commands as local processes (off by default)")
    serve.add_argument("--exec-dir", type=Path, default=None,
                       help="folder of local runs (default: next to the state file, else a temporary one)")
    serve.add_argument("--log-requests", action="store_true", help="print one line per HTTP request")
    return parser


def settings_from_args(args: argparse.Namespace) -> FakeSettings:
    faults = list(args.fault)
    if not faults and os.environ.get(FAULTS_ENV):
        faults = [_fault(spec) for spec in re.split(r"[;\s]+", os.environ[FAULTS_ENV]) if spec]
    fields: dict[str, object] = {
        "latency": args.latency,
        "latency_factor": args.latency_factor,
        "faults": faults,
        "seed": args.seed,
        "state_file": args.state_file,
        "default_region": args.region,
        "execute_jobs": args.execute_jobs,
        "exec_dir": args.exec_dir,
    }
    ttl = args.client_token_ttl if args.client_token_ttl is not None else os.environ.get(TOKEN_TTL_ENV)
    if ttl is not None:
        fields["client_token_ttl_seconds"] = ttl
    if args.access_key or args.sts_key:
        fields["accounts"] = dict(args.access_key + args.sts_key)
    return FakeSettings.model_validate(fields)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .server import run_server

    return run_server(settings_from_args(args), args.host, args.port, log_requests=args.log_requests)


if __name__ == "__main__":
    sys.exit(main())
