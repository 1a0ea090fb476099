"""The fonts every PDF embeds (see README.md)."""
