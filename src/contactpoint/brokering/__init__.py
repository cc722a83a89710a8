"""Brokered contact: the child's LA ContactPoint team puts a practitioner in touch with services."""
