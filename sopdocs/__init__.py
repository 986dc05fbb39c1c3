"""sopdocs: business processes as YAML, published as a handbook."""

__version__ = "0.1.0"
