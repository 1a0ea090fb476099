"""ZRA Smart Invoice routes."""
