"""Bundled sample data (the reference report)."""
