"""A fake Alibaba Cloud that the official SDK clients cannot tell from the real one (for what we use).

Two front doors share one core (`FakeCloud.handle`, a function from request to response):

* in process: `with mock_cloud() as cloud:` (or `@mock_cloud()`) routes every `requests` call to the fake;
* a server: `python -m dlc_provider.fake serve --port 8765`, or `serve_in_thread()` in tests.

Layout (moto's): `core/` holds what every service shares — wire values and the one error renderer
(`wire`), errors (`errors`), signatures (`auth`), routing (`registry`, `dispatch`), state (`backend`,
`persistence`), time (`clock`, `lifecycle`), `faults`, `journal`, `idempotency`, `params`, `regions`,
`admin`. Each service is a package: `urls.py` (registration), `responses.py` (parse the call, ask the
backend, shape the reply), `models` (state and rules, no HTTP; a package once it grows), and
`exceptions.py` (its errors); VPC adds `rules.py` (validation, life cycles) and `shapes.py` (replies).

Registering a service
---------------------
Create `dlc_provider/fake/<name>/` with a `urls.py` that defines `SERVICE`; it is found automatically.

RPC (actions selected by `x-acs-action`, version by `x-acs-version`)::

    SERVICE = RpcService(
        name="nas", version="2017-06-26", backend=NasBackend, responses=NasResponses,
        actions={"CreateFileSystem": "create_file_system", ...},     # action -> responses method
        idempotent_actions=frozenset({"CreateFileSystem"}),           # honour ClientToken
    )

ROA (path + method, version by `x-acs-version`)::

    SERVICE = RoaService(
        name="pai-dlc", version="2020-12-03", backend=DlcBackend, responses=DlcResponses,
        routes=(Route("POST", "/api/v1/jobs", "CreateJob", "create_job"),
                Route("GET", "/api/v1/jobs/<JobId>", "GetJob", "get_job")),
    )

A global service (RAM) sets `global_service=True` (one backend per account). The backend subclasses
`core.backend.Backend` (`kinds` names its stores; `add/get/get_visible/all_visible/remove`; `start`
runs a `core.lifecycle.Lifecycle`; `peer("vpc")` reaches another service's backend of the same account
and region; override `dependents_of(resource_id)` to block deletions elsewhere, e.g. a mount target
blocking `DeleteVSwitch`). Responses subclass `core.registry.ServiceResponses`: `self.params` (typed
RPC parameters), `self.call.body` / `self.call.path_args` (ROA), `self.backend`; return the reply dict
without `RequestId`. Errors subclass `core.errors.FakeError` with `code`, `status`, `message`.
"""

from .core.cloud import FakeCloud
from .core.journal import JournalEntry
from .core.lifecycle import GONE, Lifecycle, Step
from .core.wire import FakeRequest, FakeResponse
from .mock import CloudMock, mock_cloud
from .server import ServerHandle, serve_in_thread
from .settings import (
    DEFAULT_ACCESS_KEY_ID,
    DEFAULT_ACCESS_KEY_SECRET,
    DEFAULT_ACCOUNT_ID,
    DEFAULT_REGION,
    DEFAULT_STS_ACCESS_KEY_ID,
    DEFAULT_STS_ACCESS_KEY_SECRET,
    DEFAULT_STS_SECURITY_TOKEN,
    AccessKey,
    FakeSettings,
    FaultRule,
)

__all__ = [
    "DEFAULT_ACCESS_KEY_ID",
    "DEFAULT_ACCESS_KEY_SECRET",
    "DEFAULT_ACCOUNT_ID",
    "DEFAULT_REGION",
    "DEFAULT_STS_ACCESS_KEY_ID",
    "DEFAULT_STS_ACCESS_KEY_SECRET",
    "DEFAULT_STS_SECURITY_TOKEN",
    "GONE",
    "AccessKey",
    "CloudMock",
    "FakeCloud",
    "FakeRequest",
    "FakeResponse",
    "FakeSettings",
    "FaultRule",
    "JournalEntry",
    "Lifecycle",
    "ServerHandle",
    "Step",
    "mock_cloud",
    "serve_in_thread",
]
