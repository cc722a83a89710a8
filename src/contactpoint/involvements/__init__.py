"""Which services and named practitioners are working with a child."""
