"""Identity matching with Splink: the trained model, blocking, decisions, review and merges."""
