"""The fake PAI-DLC service (ROA, version 2020-12-03): training jobs with pods, logs and events, the
instance-type catalogue (ListEcsSpecs) and TensorBoards. See README_SECTION_DLC.md for its behaviour."""
