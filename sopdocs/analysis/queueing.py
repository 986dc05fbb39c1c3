"""Placeholder: the queueing simulation (SimPy) lands next."""

DEFAULT_CASES = 2000


def queueing_applies(process) -> bool:
    """True with arrivals and at least one lane capacity."""
    return False


def simulate_queue(process, expected, cases, seed):
    """Not yet."""
    return None
