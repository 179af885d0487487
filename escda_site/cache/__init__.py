"""The build cache: one content-addressed store, verified entries (see `store`)."""

from escda_site.cache.store import CacheError, Store

__all__ = ["CacheError", "Store"]
