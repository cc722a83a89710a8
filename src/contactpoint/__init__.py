"""ContactPoint: a national children's information-sharing index."""

__version__ = "0.1.0"
