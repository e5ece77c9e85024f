"""The demo data generator: realistic synthetic records of both databases (see demo.generator)."""
