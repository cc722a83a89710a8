"""Permissions as data, and the dependency every route declares."""
