"""Input layer: the organisers' files validated into the typed model."""
