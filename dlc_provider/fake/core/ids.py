"""Seeded generators for resource IDs, request IDs and addresses, so a run is reproducible.

Resource IDs look like the real ones: a prefix, then the region's short code (`bp1` for cn-hangzhou,
`uf6` for cn-shanghai, ...), then lowercase letters and digits, 20 characters after the dash in all.
"""

from __future__ import annotations

import random
import string
import threading
import uuid
from typing import Any

_ALPHABET = string.ascii_lowercase + string.digits

# Short codes real IDs carry after the prefix (vpc-bp1..., vsw-uf6...).
REGION_CODES = {
    "cn-hangzhou": "bp1",
    "cn-shanghai": "uf6",
    "cn-beijing": "2ze",
    "cn-shenzhen": "wz9",
    "cn-qingdao": "m5e",
    "cn-zhangjiakou": "8vb",
    "cn-huhehaote": "hp3",
    "cn-wulanchabu": "0jl",
    "cn-chengdu": "2vc",
    "cn-hongkong": "j6c",
    "ap-southeast-1": "t4n",
    "ap-southeast-5": "k1a",
    "ap-northeast-1": "6we",
    "us-west-1": "rj9",
    "us-east-1": "0xi",
    "eu-central-1": "gw8",
    "eu-west-1": "d7o",
}


class IdFactory:
    """All randomness of IDs comes from one `random.Random(seed)`; its state is saved with the fake."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)
        self._issued: set[str] = set()
        self._lock = threading.Lock()

    def resource_id(self, prefix: str, region: str | None = None) -> str:
        with self._lock:
            while True:
                code = REGION_CODES.get(region or "", "")
                tail = "".join(self._random.choices(_ALPHABET, k=20 - len(code)))
                candidate = f"{prefix}-{code}{tail}"
                if candidate not in self._issued:
                    self._issued.add(candidate)
                    return candidate

    def token(self, length: int, alphabet: str = _ALPHABET, prefix: str = "") -> str:
        """`prefix` + `length` characters of `alphabet`, never issued before (e.g. NAS `1ca404c0a3`)."""
        with self._lock:
            while True:
                candidate = prefix + "".join(self._random.choices(alphabet, k=length))
                if candidate not in self._issued:
                    self._issued.add(candidate)
                    return candidate

    def numeric_id(self, digits: int = 16) -> str:
        with self._lock:
            return str(self._random.randint(10 ** (digits - 1), 10**digits - 1))

    def request_id(self) -> str:
        with self._lock:
            return str(uuid.UUID(int=self._random.getrandbits(128), version=4)).upper()

    def public_ip(self) -> str:
        with self._lock:
            while True:
                candidate = "47.{}.{}.{}".format(*(self._random.randint(1, 254) for _ in range(3)))
                if candidate not in self._issued:
                    self._issued.add(candidate)
                    return candidate

    def choice(self, options: list[Any]) -> Any:
        with self._lock:
            return self._random.choice(options)

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {"random": self._random.getstate(), "issued": sorted(self._issued)}

    def restore(self, snapshot: dict[str, Any]) -> None:
        with self._lock:
            self._random.setstate(snapshot["random"])
            self._issued = set(snapshot["issued"])
