"""Readers: every one returns a :class:`~graphlib_papers.Corpus`."""

from ._common import doi_paper_id, normalize_doi
from .bibtex import read_bibtex
from .medline import read_medline
from .profiles import read_profile, read_profiles
from .ris import read_ris
from .wos import read_wos

__all__ = [
    "read_profile",
    "read_profiles",
    "read_bibtex",
    "read_ris",
    "read_wos",
    "read_medline",
    "doi_paper_id",
    "normalize_doi",
]
