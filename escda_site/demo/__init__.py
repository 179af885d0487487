"""Fictional demonstration data in the data contract's format."""
