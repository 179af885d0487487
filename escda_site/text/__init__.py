"""French text: formatting of marks, numbers and dates."""
