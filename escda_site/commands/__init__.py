"""The `escda` subcommands, one module for what each acts on; `escda_site/cli.py` reads the
command line, runs one of them and turns every expected failure into a message and an exit
status."""
