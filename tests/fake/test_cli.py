"""`python -m dlc_provider.fake serve`: starts, prints its URL, serves SDK calls, stops cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from alibabacloud_vpc20160428 import models as vpc

from dlc_provider.fake import FakeCloud, FakeSettings

from .conftest import PROXY_VARIABLES
from .doors import Door

ENV = {name: value for name, value in os.environ.items() if name not in PROXY_VARIABLES}


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dlc_provider.fake", "serve", "--port", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV,
    )


def test_serve_and_sigterm(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    process = start("--state-file", str(state), "--seed", "5", "--access-key", "LTAI5tCliKey:cli-secret:5555",
                    "--fault", "latency:sts:*:1:delay_seconds=0.01")
    try:
        first_line = process.stdout.readline() if process.stdout else ""
        assert first_line.startswith("fake cloud listening on http://127.0.0.1:")
        endpoint = first_line.strip().rsplit("http://", 1)[1]
        door = Door("server", FakeCloud(FakeSettings()), endpoint)  # the cloud lives in the subprocess
        identity = door.sts(access_key_id="LTAI5tCliKey", secret="cli-secret").get_caller_identity().body
        assert identity.account_id == "5555"
        vpc_id = door.vpc(access_key_id="LTAI5tCliKey", secret="cli-secret").create_vpc(
            vpc.CreateVpcRequest(region_id="cn-hangzhou", vpc_name="from-cli")).body.vpc_id
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert "fake cloud stopped" in out
    restarted = FakeCloud(FakeSettings(state_file=state))
    assert [(v["id"], v["account_id"]) for v in restarted.dump()["vpc"]["vpcs"]] == [(vpc_id, "5555")]


def test_bad_fault_spec_is_a_usage_error() -> None:
    process = start("--fault", "meteor:vpc")
    _, err = process.communicate(timeout=20)
    assert process.returncode == 2 and "bad fault spec" in err
