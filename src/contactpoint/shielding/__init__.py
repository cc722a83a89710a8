"""Shielding: requests to shield or unshield a child, the LA officers' decisions, and reviews."""
