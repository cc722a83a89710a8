"""Practitioner accounts: sign-in with four factors, vetting gates, devices, sessions, admin."""
