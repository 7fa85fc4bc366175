"""Crossroads: perspective maps of bilateral relations from documents and event data."""

__version__ = "0.1.0"
