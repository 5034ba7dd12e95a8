"""The constants every input spec shares: the engine's unknown value, the provider's reserved tags, the
meta inputs, and how much of a bad value a failure message may show.

Older names stay importable from their old modules as aliases (`specs.common.TOKEN_TAG`,
`specs.dlc.common.TOKEN_TAG_KEY`, `resources.dlc_job.META_INPUTS`).
"""

from __future__ import annotations

from pulumi.runtime.rpc import UNKNOWN as _ENGINE_UNKNOWN

__all__ = [
    "IDENTITY_INPUTS",
    "MAX_USER_TAGS",
    "META_FIELDS",
    "META_INPUTS",
    "RESERVED_TAG_PREFIX",
    "SHOWN_LENGTH",
    "TOKEN_TAG",
    "TOKEN_TAG_KEY",
    "UNKNOWN",
]

#: The value Pulumi sends for an input that is not known yet (during preview): `pulumi.runtime.rpc.UNKNOWN`.
UNKNOWN: str = _ENGINE_UNKNOWN

#: Tag keys with this prefix belong to the provider: users may not set them, reads hide them.
RESERVED_TAG_PREFIX = "dlc-provider:"
#: The tag every taggable resource we create carries: its idempotency token (see `resources.tokens`).
#: A DLC job carries it in `Settings.Tags` (CreateJob takes no ClientToken).
TOKEN_TAG = RESERVED_TAG_PREFIX + "token"
TOKEN_TAG_KEY = TOKEN_TAG
#: The API allows 20 tags; one is ours.
MAX_USER_TAGS = 19

#: Inputs that say which resource this is in the stack (not the cloud resource itself).
IDENTITY_INPUTS = ("dlc_identity", "adopt_id")
#: Inputs every resource has that describe how to manage it rather than the cloud resource itself
#: (`creation_nonce`: see `resources.tokens`).
META_FIELDS = (*IDENTITY_INPUTS, "timeouts", "creation_nonce")
#: The same without `timeouts`, for a resource whose spec holds its own time limits (`DlcJob`).
META_INPUTS = tuple(name for name in META_FIELDS if name != "timeouts")

#: A failure message shows at most this many characters of a bad value.
SHOWN_LENGTH = 60
