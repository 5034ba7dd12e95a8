"""The whole CreateJob surface of the installed SDK: every field of CreateJobRequest, JobSpec and JobSettings
(and of the structures under them) is modelled or refused on purpose (`specs.dlc.refused.REFUSED`).

The SDK's models are enumerated, not listed here: a new SDK release with a new field fails
`test_every_sdk_field_is_modelled_or_refused` until the field is modelled (and set in `_surface_samples`)
or refused with a reason.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from alibabacloud_pai_dlc20201203 import models as sdk_models

from dlc_provider.resources.dlc_job import DlcJobArgs
from dlc_provider.specs.dlc.refused import REFUSED
from dlc_provider.specs.dlc import UnsupportedRequestError, from_create_job_request, to_create_job_request, validate_spec

from ._surface_samples import SAMPLES, TOKEN, sdk
from .test_dlc_job_from_request import LINGJUN_QUOTA, PUBLIC_TF, SPOT_RAY

#: A Lingjun spot bid by discount (the one SpotSpec field the samples above leave out).
DISCOUNT_BID = sdk({
    "DisplayName": "spot", "JobType": "PyTorchJob", "UserCommand": "c",
    "JobSpecs": [{"Type": "Worker", "PodCount": 1, "Image": "i", "EcsSpec": "ml.gu7i.c32m188.1-gu30",
                  "SpotSpec": {"SpotStrategy": "SpotWithPriceLimit", "SpotDiscountLimit": 0.4}}],
})  # fmt: skip

#: Structures outside this issue's surface: the instance RAM role is modelled as the console's three choices
#: (`ram_role`), and a refused structure is not walked into.
NOT_WALKED = {"CredentialConfig", "DataJuicerConfig"}


def sdk_fields(model: type) -> dict[str, type | None]:
    """Wire key → the SDK model it holds (None for plain values), read from the model's own mapping code."""
    keys = dict.fromkeys(re.findall(r"result\['(\w+)'\]", inspect.getsource(model.to_map)))
    nested: dict[str, type | None] = {}
    blocks = inspect.getsource(model.from_map).split("m.get('")
    for key in keys:
        block = "".join(b for b in blocks if b.startswith(f"{key}')"))
        found = re.search(r"temp_model = main_models\.(\w+)\(", block)
        nested[key] = getattr(sdk_models, found.group(1)) if found else None
    return nested


def reachable() -> dict[str, type]:
    """Every SDK model under CreateJobRequest, by name (without the ones not walked)."""
    seen: dict[str, type] = {}
    todo = [sdk_models.CreateJobRequest]
    while todo:
        model = todo.pop()
        if model.__name__ in seen or model.__name__ in NOT_WALKED:
            continue
        seen[model.__name__] = model
        refused = REFUSED.get(model.__name__, {})
        todo += [child for key, child in sdk_fields(model).items() if child is not None and key not in refused]
    return seen


def set_fields(body: Any, model: type, found: set[tuple[str, str]]) -> None:
    """Record (model name, key) of every field the sample sets, walking nested models."""
    if isinstance(body, list):
        for item in body:
            set_fields(item, model, found)
        return
    if not isinstance(body, dict) or model.__name__ in NOT_WALKED:
        return
    for key, child in sdk_fields(model).items():
        value = body.get(key)
        if value is None or value == [] or value == {}:
            continue
        found.add((model.__name__, key))
        if child is not None:
            set_fields(value, child, found)


def test_the_walk_reaches_the_structures_of_the_issue() -> None:
    names = set(reachable())
    assert {"CreateJobRequest", "JobSpec", "JobSettings", "CreateJobRequestDataSources", "AssignNodeSpec",
            "ImageConfig", "ExtraPodSpec", "ContainerSpec", "SecurityContext", "JobElasticSpec"} <= names
    assert len(sdk_fields(sdk_models.JobSpec)) >= 25 and "IsChief" in sdk_fields(sdk_models.JobSpec)


def test_every_sdk_field_is_modelled_or_refused() -> None:
    found: set[tuple[str, str]] = set()
    for body in [*(body for body, _ in SAMPLES.values()), LINGJUN_QUOTA, PUBLIC_TF, SPOT_RAY, DISCOUNT_BID]:
        set_fields(body, sdk_models.CreateJobRequest, found)
    missing = [
        f"{name}.{key}"
        for name, model in sorted(reachable().items())
        for key in sdk_fields(model)
        if (name, key) not in found and key not in REFUSED.get(name, {})
    ]
    assert not missing, f"SDK fields neither set by a sample (so modelled) nor refused: {', '.join(missing)}"


@pytest.mark.parametrize("name", list(SAMPLES))
def test_every_field_round_trips(name: str) -> None:
    body, region = SAMPLES[name]
    spec = validate_spec(from_create_job_request(body), region=region)
    assert to_create_job_request(spec, region=region, token=TOKEN).to_map() == body


@pytest.mark.parametrize("name", list(SAMPLES))
def test_dlc_job_args_take_the_request_object(name: str) -> None:
    body, region = SAMPLES[name]
    args = DlcJobArgs.from_create_job_request(sdk_models.CreateJobRequest().from_map(body))
    data = {key: value for key, value in vars(args).items() if value is not None}
    spec = validate_spec(data, region=region)
    assert to_create_job_request(spec, region=region, token=TOKEN).to_map() == body


@pytest.mark.parametrize(("model", "key"), [(m, k) for m, keys in REFUSED.items() for k in keys])
def test_refused_fields_exist_in_the_sdk_and_are_refused_with_their_reason(model: str, key: str) -> None:
    assert key in sdk_fields(getattr(sdk_models, model)), f"{model}.{key} is no longer in the SDK: unlist it"
    body = dict(SAMPLES["preemptible-tensorflow"][0])
    if model == "JobSpec":
        body["JobSpecs"] = [{**body["JobSpecs"][0], key: True}, *body["JobSpecs"][1:]]
    else:
        body["Settings"] = {**body["Settings"], key: {"CommandType": "shell"}}
    with pytest.raises(UnsupportedRequestError, match=re.escape(REFUSED[model][key])):
        from_create_job_request(body)


def test_the_invisible_custom_env_is_a_secret_of_the_spec() -> None:
    body, region = SAMPLES["lingjun-quota-pytorch"]
    spec = validate_spec(from_create_job_request(body), region=region)
    dumped = spec.model_dump_json()
    assert "hf-secret" not in dumped and "pretrain" not in dumped  # values are SecretStr
    assert [env.visible for env in spec.custom_envs] == [False, True]
