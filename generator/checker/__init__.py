"""The layout checker's rules and their reading of a document; the API is :mod:`generator.check`."""
