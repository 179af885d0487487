"""Scoring layer: pure pandas marks and laureates, cached per edition."""
