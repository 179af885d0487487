"""The MkDocs edge: the plugin and the atomic build around it."""
