"""Reporting's routes: the four statements, their layouts and sign-offs."""
