"""Pulumi resources for Alibaba Cloud PAI-DLC training stacks, and a local fake of the Alibaba Cloud APIs.

The public API is re-exported here as it lands; see README.md for the tour.
"""

__version__ = "0.1.0"
