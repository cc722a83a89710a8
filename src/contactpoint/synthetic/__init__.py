"""A synthetic England: children, families, services and source feeds, deterministic from a seed."""
