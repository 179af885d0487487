"""escda-site: the static site generator of the ESCDA results portal (name in text/wording.py)."""

__version__ = "0.1.0"
