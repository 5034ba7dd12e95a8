"""The core every fake service shares: wire values, errors, routing, signatures, state, time, faults."""
