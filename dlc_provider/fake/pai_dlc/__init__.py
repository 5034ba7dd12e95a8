"""The fake PAI-DLC service (ROA, version 2020-12-03): training jobs with pods, logs and events, the
instance-type catalogue (ListEcsSpecs) and TensorBoards. See README.md, "PAI-DLC (training jobs, TensorBoards)", for its behaviour."""
