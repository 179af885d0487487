"""Public view: proclaimed editions and laureates only, what every output reads."""
