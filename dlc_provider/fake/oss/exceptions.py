"""Errors of the fake OSS: the real codes and HTTP statuses, rendered as OSS's XML error body by `front`."""

from __future__ import annotations

from typing import Any

from ..core.errors import FakeError


class OssError(FakeError):
    """Base of OSS errors (`front.render_oss_error` turns them into XML); `extra` adds elements (StringToSign)."""

    def __init__(self, message: str | None = None, *, extra: dict[str, str] | None = None, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.extra = dict(extra or {})


class AccessDenied(OssError):
    code, status = "AccessDenied", 403
    message = "{detail}"


class InvalidAccessKeyId(OssError):
    code, status = "InvalidAccessKeyId", 403
    message = "The OSS Access Key Id you provided does not exist in our records."


class SignatureDoesNotMatch(OssError):
    code, status = "SignatureDoesNotMatch", 403
    message = "The request signature we calculated does not match the signature you provided. Check your key and signing method."


class RequestTimeTooSkewed(OssError):
    code, status = "RequestTimeTooSkewed", 403
    message = "The difference between the request time and the current time is too large."


class InvalidSecurityToken(OssError):
    code, status = "InvalidAccessKeyId", 403
    message = "The security token you provided is invalid."


class InvalidBucketName(OssError):
    code, status = "InvalidBucketName", 400
    message = "The specified bucket is not valid."


class InvalidObjectName(OssError):
    code, status = "InvalidObjectName", 400
    message = "The specified object is not valid."


class NoSuchBucket(OssError):
    code, status = "NoSuchBucket", 404
    message = "The specified bucket does not exist."


class NoSuchKey(OssError):
    code, status = "NoSuchKey", 404
    message = "The specified key does not exist."


class NoSuchVersion(OssError):
    code, status = "NoSuchVersion", 404
    message = "The specified version does not exist."


class NoSuchUpload(OssError):
    code, status = "NoSuchUpload", 404
    message = "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed."


class NoSuchTagSet(OssError):
    code, status = "NoSuchTagSet", 404
    message = "There is no tag set associated with the bucket."


class NoSuchLifecycle(OssError):
    code, status = "NoSuchLifecycle", 404
    message = "No Row found in Lifecycle Table."


class NoSuchBucketPolicy(OssError):
    code, status = "NoSuchBucketPolicy", 404
    message = "The bucket policy does not exist."


class NoSuchServerSideEncryptionRule(OssError):
    code, status = "NoSuchServerSideEncryptionRule", 404
    message = "The server side encryption configuration was not found."


class BucketAlreadyExists(OssError):
    code, status = "BucketAlreadyExists", 409
    message = "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again."


class BucketNotEmpty(OssError):
    code, status = "BucketNotEmpty", 409
    message = "The bucket you tried to delete is not empty."


class InvalidArgument(OssError):
    code, status = "InvalidArgument", 400
    message = "{detail}"


class MalformedXML(OssError):
    code, status = "MalformedXML", 400
    message = "The XML you provided was not well-formed or did not validate against our published schema."


class InvalidDigest(OssError):
    code, status = "InvalidDigest", 400
    message = "The Content-MD5 you specified did not match what we received."


class InvalidPart(OssError):
    code, status = "InvalidPart", 400
    message = "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag."


class InvalidPartOrder(OssError):
    code, status = "InvalidPartOrder", 400
    message = "The list of parts was not in ascending order. Parts must be ordered by part number."


class InvalidPolicyDocument(OssError):
    code, status = "InvalidPolicyDocument", 400
    message = "{detail}"


class MethodNotAllowed(OssError):
    code, status = "MethodNotAllowed", 405
    message = "The specified method is not allowed against this resource."


class OssNotImplemented(OssError):
    code, status = "NotImplemented", 501
    message = "The fake cloud does not implement OSS {action}."
