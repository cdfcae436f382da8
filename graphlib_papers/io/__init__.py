"""Readers: every one returns a :class:`~graphlib_papers.Corpus`."""

from .profiles import read_profile, read_profiles

__all__ = ["read_profile", "read_profiles"]
