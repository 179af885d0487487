"""Outputs: one module per generated thing, each reading the public view only."""
