"""OSS request signatures, checked as OSS checks them: V1 (`Authorization: OSS ak:signature`, or a URL
signed with `OSSAccessKeyId`/`Expires`/`Signature`) and V4 (`Authorization: OSS4-HMAC-SHA256 ...`, or a URL
with `x-oss-signature-version=OSS4-HMAC-SHA256`). The strings to sign are rebuilt from the request as
received; a mismatch answers `SignatureDoesNotMatch` with the string the fake signed (as OSS does).
A request without any signature is anonymous (`None`): only public-read buckets answer it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import quote, unquote

from ..settings import AccessKey
from ..core.auth import Identity
from ..core.wire import FakeRequest
from .exceptions import AccessDenied, InvalidAccessKeyId, InvalidSecurityToken, RequestTimeTooSkewed, SignatureDoesNotMatch

V4 = "OSS4-HMAC-SHA256"
# Query parameters that are part of the V1 canonical resource (the union of what the official SDKs sign).
SUBRESOURCES = frozenset("""
acl uploads location cors logging website referer lifecycle delete append tagging objectMeta uploadId partNumber
security-token position img style styleName replication replicationProgress replicationLocation cname bucketInfo
comp qos live status vod startTime endTime symlink x-oss-process response-content-type
response-content-language response-expires response-cache-control response-content-disposition
response-content-encoding udf udfName udfImage udfId udfImageDesc udfApplication udfApplicationLog restore
callback callback-var qosInfo policy stat encryption versions versioning versionId requestPayment
x-oss-request-payer sequential inventory inventoryId continuation-token asyncFetch worm wormId wormExtend
withHashContext x-oss-enable-md5 x-oss-enable-sha1 x-oss-enable-sha256 x-oss-hash-ctx x-oss-md5-ctx
transferAcceleration regionList cloudboxes x-oss-ac-source-ip x-oss-ac-subnet-mask x-oss-ac-vpc-id
x-oss-ac-forward-allow metaQuery resourceGroup rtc accessPoint accessPointPolicy httpsConfig publicAccessBlock
policyStatus redundancyTransition dataPipeline userDefinedLogFieldsConfig MetaQuery bucketArchiveDirectRead
cleanRestoredObject legalHold objectWorm overwriteConfig quota retention seal metadataConfiguration
metadataInventoryTable metadataJournalTable x-oss-access-point-name x-oss-redundancy-transition-taskid
x-oss-target-redundancy-type group link objectInfo x-oss-traffic-limit x-oss-async-process
x-oss-write-get-object-response requesterQosInfo qosRequester resourcePoolInfo resourcePool
resourcePoolBuckets
""".split())


def _raw_pairs(query: str) -> list[tuple[str, str]]:
    return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&") if p)]


def query_params(query: str) -> dict[str, str]:
    """Decoded query parameters (a bare `?acl` has the value "")."""
    return {unquote(k): unquote(v) for k, v in _raw_pairs(query)}


def _resource(bucket: str | None, key: str | None) -> str:
    return "/" if bucket is None else f"/{bucket}/{key or ''}"


class OssAuthenticator:
    def __init__(self, accounts: Mapping[str, AccessKey], tolerance: float) -> None:
        self.accounts = accounts
        self.tolerance = tolerance

    def authenticate(self, request: FakeRequest, bucket: str | None, key: str | None) -> Identity | None:
        authorization = request.headers.get("authorization", "")
        params = query_params(request.query_string)
        if authorization.startswith("OSS "):
            return self._v1(request, bucket, key, authorization[4:], params, presigned=False)
        if authorization.startswith(V4):
            return self._v4(request, bucket, key, authorization[len(V4):], params)
        if "OSSAccessKeyId" in params and "Signature" in params:
            return self._v1(request, bucket, key, f"{params['OSSAccessKeyId']}:{params['Signature']}", params,
                            presigned=True)
        if params.get("x-oss-signature-version") == V4:
            return self._v4(request, bucket, key, None, params)
        return None

    def _key(self, access_key_id: str) -> AccessKey:
        key = self.accounts.get(access_key_id)
        if key is None:
            raise InvalidAccessKeyId()
        return key

    def _check_token(self, key: AccessKey, request: FakeRequest, params: Mapping[str, str]) -> None:
        sent = (request.headers.get("x-oss-security-token") or request.headers.get("security-token")
                or params.get("x-oss-security-token") or params.get("security-token"))
        if (key.security_token or None) != (sent or None):
            raise InvalidSecurityToken()

    def _check_time(self, signed_at: float) -> None:
        if abs(time.time() - signed_at) > self.tolerance:
            raise RequestTimeTooSkewed()

    @staticmethod
    def _identity(access_key_id: str, key: AccessKey) -> Identity:
        if key.security_token:
            return Identity(access_key_id, key.account_id, key.security_token, key.role_name, key.session_name)
        return Identity(access_key_id, key.account_id)

    # -- V1 ----------------------------------------------------------------------------------------------
    def _v1(
        self, request: FakeRequest, bucket: str | None, key_name: str | None, credential: str,
        params: Mapping[str, str], *, presigned: bool,
    ) -> Identity:
        access_key_id, _, signature = credential.partition(":")
        key = self._key(access_key_id.strip())
        if presigned:
            expires = params.get("Expires", "")
            if not expires.isdigit() or int(expires) < time.time():
                raise AccessDenied(detail="Request has expired.")
            date = expires
        else:
            date = request.headers.get("x-oss-date") or request.headers.get("date", "")
            try:
                self._check_time(parsedate_to_datetime(date).timestamp())
            except (TypeError, ValueError):
                raise AccessDenied(detail="OSS authentication requires a valid Date.") from None
        headers = sorted((n, v.strip()) for n, v in request.headers.items() if n.startswith("x-oss-"))
        subresources = sorted((k, v) for k, v in params.items() if k in SUBRESOURCES)
        resource = _resource(bucket, key_name)
        if subresources:
            resource += "?" + "&".join(f"{k}={v}" if v else k for k, v in subresources)
        string_to_sign = "\n".join([
            request.method, request.headers.get("content-md5", ""), request.headers.get("content-type", ""), date,
            "".join(f"{n}:{v}\n" for n, v in headers) + resource,
        ])
        expected = base64.b64encode(hmac.new(key.secret.encode(), string_to_sign.encode(), hashlib.sha1).digest())
        if not hmac.compare_digest(expected.decode(), signature.strip()):
            raise SignatureDoesNotMatch(extra={"StringToSign": string_to_sign})
        self._check_token(key, request, params)
        return self._identity(access_key_id.strip(), key)

    # -- V4 ----------------------------------------------------------------------------------------------
    def _v4(
        self, request: FakeRequest, bucket: str | None, key_name: str | None, header: str | None,
        params: Mapping[str, str],
    ) -> Identity:
        if header is not None:
            fields = dict(p.strip().split("=", 1) for p in header.strip().split(",") if "=" in p)
            credential, signature = fields.get("Credential", ""), fields.get("Signature", "")
            additional = [h for h in fields.get("AdditionalHeaders", "").lower().split(";") if h]
            stamp = request.headers.get("x-oss-date", "")
            skip_query: set[str] = set()
        else:
            credential, signature = params.get("x-oss-credential", ""), params.get("x-oss-signature", "")
            additional = [h for h in params.get("x-oss-additional-headers", "").lower().split(";") if h]
            stamp = params.get("x-oss-date", "")
            skip_query = {"x-oss-signature"}
        access_key_id, _, scope = credential.partition("/")
        key = self._key(access_key_id)
        scope_parts = scope.split("/")
        if len(scope_parts) != 4 or scope_parts[3] != "aliyun_v4_request" or not signature:
            raise AccessDenied(detail="Invalid signing scope or signature in the OSS V4 credential.")
        try:
            signed_at = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
        except ValueError:
            raise AccessDenied(detail="OSS V4 signing needs x-oss-date as YYYYMMDDTHHMMSSZ.") from None
        if header is not None:
            self._check_time(signed_at)
        elif signed_at + float(params.get("x-oss-expires") or 0) < time.time():
            raise AccessDenied(detail="Request has expired.")
        pairs = sorted(
            (quote(unquote(k), safe=""), quote(unquote(v), safe=""))
            for k, v in _raw_pairs(request.query_string) if unquote(k) not in skip_query
        )
        query = "&".join(f"{k}={v}" if v else k for k, v in pairs)
        signed = sorted(
            (n, v.strip()) for n, v in request.headers.items()
            if n.startswith("x-oss-") or n in ("content-type", "content-md5") or n in additional
        )
        canonical = "\n".join([
            request.method, quote(_resource(bucket, key_name), safe="/"), query,
            "".join(f"{n}:{v}\n" for n, v in signed), ";".join(additional),
            request.headers.get("x-oss-content-sha256", "UNSIGNED-PAYLOAD"),
        ])
        string_to_sign = "\n".join([V4, stamp, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        signing_key = ("aliyun_v4" + key.secret).encode()
        for part in scope_parts:
            signing_key = hmac.new(signing_key, part.encode(), hashlib.sha256).digest()
        expected = hmac.new(signing_key, string_to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.strip().lower()):
            raise SignatureDoesNotMatch(extra={"StringToSign": string_to_sign})
        self._check_token(key, request, params)
        return self._identity(access_key_id, key)
