"""Fake OSS (Object Storage Service): buckets and objects over OSS's own REST/XML protocol.

OSS is not an OpenAPI (RPC/ROA) product: requests carry no `x-acs-version`, the bucket is in the host
(virtual-host style) or the first path segment (path style), operations are chosen by method and
sub-resource (`?acl`, `?uploads`, ...), signatures are OSS's own (V1 `OSS ak:sig`, V4
`OSS4-HMAC-SHA256`) and errors are XML. So the package has its own front (`front.py`), claimed by the
core before the OpenAPI dispatch (see `urls.py`); object bytes live in files (`store.py`), the metadata
in the backend (`models.py`), which is pickled into the state file like every other backend.
"""
