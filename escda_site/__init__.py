"""escda-site: the static site generator of the Élu Service Client de l'Année results portal."""

__version__ = "0.1.0"
