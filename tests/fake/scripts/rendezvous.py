"""A pod of a locally run DLC job: the pods meet over MASTER_ADDR:MASTER_PORT, as torch.distributed does.

Standard library only. Rank 0 listens, the others connect (retrying while rank 0 starts); each sends
(RANK + 1) * 10, rank 0 sends back the sum, and every pod checks it. With an argument, rank 0 writes
`result.txt` (the sum) into that folder, e.g. a NAS mount path.
"""

from __future__ import annotations

import os
import pathlib
import socket
import sys
import time

rank, world = int(os.environ["RANK"]), int(os.environ["WORLD_SIZE"])
address, port = os.environ["MASTER_ADDR"], int(os.environ["MASTER_PORT"])
value = (rank + 1) * 10
print(f"rank {rank} of {world}: meeting at {address}:{port}", flush=True)
if rank == 0:
    with socket.create_server((address, port)) as server:
        server.settimeout(60)
        total, peers = value, []
        for _ in range(world - 1):
            peer, _ = server.accept()
            peers.append(peer)
            total += int(peer.recv(64).decode())
        for peer in peers:
            peer.sendall(str(total).encode())
            peer.close()
else:
    deadline = time.monotonic() + 60
    while True:
        try:
            peer = socket.create_connection((address, port), timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    with peer:
        peer.sendall(str(value).encode())
        total = int(peer.recv(64).decode())
expected = sum((r + 1) * 10 for r in range(world))
print(f"rank {rank} of {world}: sum {total} (expected {expected})", flush=True)
if total != expected:
    sys.exit(3)
if len(sys.argv) > 1 and rank == 0:
    folder = pathlib.Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "result.txt").write_text(f"{total}\n")
