"""Components: `TrainingStack`, a whole training stack (network, gateway, storage, dataset, role, job)."""

from .settings import TrainingStackArgs, TrainingStackError
from .training_stack import TrainingStack

__all__ = ["TrainingStack", "TrainingStackArgs", "TrainingStackError"]
