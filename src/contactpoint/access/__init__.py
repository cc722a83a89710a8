"""Finding and viewing a child's record: searches, reasoned views, shielding overrides, limits."""
