"""Authentication of requests against the fake's accounts, in the schemes the official clients use.

* `ACS3-HMAC-SHA256` (signature V3; current Python/Node SDKs, RPC and ROA): `Authorization` header
  over a canonical request of method, raw path, sorted query, the signed headers and the body hash.
* RPC `HMAC-SHA1` (aliyun-python-sdk-core, and the current SDKs with `signature_algorithm='v2'`):
  `Signature` query parameter over the sorted, percent-encoded parameters, keyed `secret + "&"`.

Both check the key, the signature (mismatch message in the real format, which the legacy SDK parses),
the timestamp against the wall clock, nonce reuse, and an STS key's security token.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import parse_qsl, quote

from ..settings import AccessKey
from .errors import (
    IncompleteSignature,
    InvalidAccessKeyIdNotFound,
    InvalidSecurityTokenMismatch,
    InvalidTimeStampExpired,
    InvalidTimeStampFormat,
    MissingParameter,
    SignatureDoesNotMatch,
    SignatureNonceUsed,
)
from .wire import FakeRequest

V3_ALGORITHM = "ACS3-HMAC-SHA256"
# Headers the service insists are signed whenever they are sent (docs: all common headers).
V3_REQUIRED_SIGNED = ("host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce",
                      "x-acs-version")
V3_SIGNED_IF_PRESENT = ("x-acs-security-token",)


@dataclass(frozen=True)
class Identity:
    """Who made a request: the key, its account, and for STS keys the assumed role."""

    access_key_id: str
    account_id: str
    security_token: str | None = None
    role_name: str | None = None
    session_name: str | None = None

    @property
    def is_assumed_role(self) -> bool:
        return self.security_token is not None


def _encode(value: str) -> str:
    return quote(value, safe="~", encoding="utf-8")


def _parse_timestamp(value: str | None, name: str) -> float:
    if not value:
        raise MissingParameter(name=name)
    try:
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise InvalidTimeStampFormat() from None
    return moment.timestamp()


class Authenticator:
    """Verifies signatures; remembers nonces for the timestamp window (they may not be reused)."""

    def __init__(self) -> None:
        self._nonces: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._lock = threading.Lock()

    def authenticate(
        self,
        request: FakeRequest,
        rpc_params: Mapping[str, str],
        accounts: Mapping[str, AccessKey],
        tolerance_seconds: float,
    ) -> Identity:
        authorization = request.headers.get("authorization", "")
        if authorization.startswith("ACS3-"):
            return self._verify_v3(request, authorization, accounts, tolerance_seconds)
        if "Signature" in rpc_params:
            return self._verify_rpc_v1(request, rpc_params, accounts, tolerance_seconds)
        if authorization.startswith("acs "):
            raise IncompleteSignature(detail="The ROA HMAC-SHA1 scheme is not supported by the fake; "
                                             "use the default ACS3-HMAC-SHA256.")
        raise IncompleteSignature(detail="The request carries no signature.")

    # -- ACS3-HMAC-SHA256 -------------------------------------------------------------------------------
    def _verify_v3(
        self, request: FakeRequest, authorization: str, accounts: Mapping[str, AccessKey], tolerance: float
    ) -> Identity:
        algorithm, _, rest = authorization.partition(" ")
        fields = dict(part.split("=", 1) for part in rest.split(",") if "=" in part)
        credential, signed, signature = (fields.get(n) for n in ("Credential", "SignedHeaders", "Signature"))
        if algorithm != V3_ALGORITHM or not credential or not signed or not signature:
            raise IncompleteSignature(detail=f"Authorization must be {V3_ALGORITHM} "
                                             "Credential=...,SignedHeaders=...,Signature=...")
        key = accounts.get(credential)
        if key is None:
            raise InvalidAccessKeyIdNotFound()
        signed_headers = signed.lower().split(";")
        headers = request.headers
        unsigned = [h for h in V3_REQUIRED_SIGNED if h not in signed_headers]
        unsigned += [h for h in V3_SIGNED_IF_PRESENT if h in headers and h not in signed_headers]
        if unsigned:
            raise IncompleteSignature(detail=f"These headers must be signed: {', '.join(unsigned)}.")
        self._check_time(_parse_timestamp(headers.get("x-acs-date"), "x-acs-date"), tolerance)
        string_to_sign = self.v3_string_to_sign(request, signed_headers)
        expected = hmac.new(key.secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.lower()):
            raise SignatureDoesNotMatch(string_to_sign=string_to_sign)
        self._use_nonce(credential, headers.get("x-acs-signature-nonce", ""), tolerance)
        self._check_token(key, headers.get("x-acs-security-token"))
        return self._identity(credential, key)

    @staticmethod
    def v3_string_to_sign(request: FakeRequest, signed_headers: list[str]) -> str:
        query = sorted(parse_qsl(request.query_string, keep_blank_values=True), key=lambda kv: kv[0])
        canonical_query = "&".join(f"{k}={_encode(v)}" for k, v in query)
        names = sorted(signed_headers)
        canonical_headers = "".join(f"{n}:{request.headers.get(n, '').strip()}\n" for n in names)
        canonical_request = "\n".join(
            [
                request.method,
                request.path or "/",
                canonical_query,
                canonical_headers,
                ";".join(names),
                hashlib.sha256(request.body).hexdigest(),
            ]
        )
        return f"{V3_ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"

    # -- RPC HMAC-SHA1 ----------------------------------------------------------------------------------
    def _verify_rpc_v1(
        self, request: FakeRequest, params: Mapping[str, str], accounts: Mapping[str, AccessKey], tolerance: float
    ) -> Identity:
        for name in ("AccessKeyId", "SignatureNonce", "Timestamp"):
            if not params.get(name):
                raise MissingParameter(name=name)
        if params.get("SignatureMethod", "HMAC-SHA1") != "HMAC-SHA1":
            raise IncompleteSignature(detail="SignatureMethod must be HMAC-SHA1.")
        key = accounts.get(params["AccessKeyId"])
        if key is None:
            raise InvalidAccessKeyIdNotFound()
        self._check_time(_parse_timestamp(params.get("Timestamp"), "Timestamp"), tolerance)
        string_to_sign = self.rpc_string_to_sign(request.method, params)
        digest = hmac.new(f"{key.secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
        if not hmac.compare_digest(base64.b64encode(digest).decode(), params["Signature"]):
            raise SignatureDoesNotMatch(string_to_sign=string_to_sign)
        self._use_nonce(params["AccessKeyId"], params["SignatureNonce"], tolerance)
        self._check_token(key, params.get("SecurityToken"))
        return self._identity(params["AccessKeyId"], key)

    @staticmethod
    def rpc_string_to_sign(method: str, params: Mapping[str, str]) -> str:
        pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
        canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in pairs)
        return f"{method.upper()}&%2F&{_encode(canonical)}"

    # -- shared checks -------------------------------------------------------------------------------------
    @staticmethod
    def _check_time(signed_at: float, tolerance: float) -> None:
        if abs(time.time() - signed_at) > tolerance:
            raise InvalidTimeStampExpired()

    def _use_nonce(self, access_key_id: str, nonce: str, tolerance: float) -> None:
        if not nonce:
            raise MissingParameter(name="SignatureNonce")
        now = time.time()
        with self._lock:
            while self._nonces and next(iter(self._nonces.values())) < now - 2 * tolerance:
                self._nonces.popitem(last=False)
            if (access_key_id, nonce) in self._nonces:
                raise SignatureNonceUsed()
            self._nonces[(access_key_id, nonce)] = now

    @staticmethod
    def _check_token(key: AccessKey, token: str | None) -> None:
        if (key.security_token or None) != (token or None):
            raise InvalidSecurityTokenMismatch()

    @staticmethod
    def _identity(access_key_id: str, key: AccessKey) -> Identity:
        if key.security_token:
            return Identity(access_key_id, key.account_id, key.security_token, key.role_name, key.session_name)
        return Identity(access_key_id, key.account_id)

    def clear(self) -> None:
        with self._lock:
            self._nonces.clear()
