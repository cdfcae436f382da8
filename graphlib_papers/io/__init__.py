"""Readers: every one returns a :class:`~graphlib_papers.Corpus`.

One module per format; :func:`read` picks the reader by extension and content, and
:func:`concat_sources` combines corpora from several sources (papers de-duplicated by
their sources' own ids, then normalised title and year where the ids do not disagree;
one rule for every reader, in ``_dedup``).
"""

from .._keys import doi_paper_id, normalize_doi
from ._dedup import concat, concat_sources, match_papers
from .arxiv import read_arxiv_atom
from .bibtex import read_bibtex
from .dblp import read_dblp_xml
from .medline import read_medline
from .openalex import read_openalex
from .profiles import read_profile, read_profiles
from .ris import read_ris
from .scopus import read_scopus_csv
from .sniff import read, sniff_format
from .tabular import read_authorships, read_csv
from .wos import read_wos

__all__ = [
    "read_profile",
    "read_profiles",
    "read",
    "sniff_format",
    "read_bibtex",
    "read_ris",
    "read_wos",
    "read_medline",
    "read_scopus_csv",
    "read_openalex",
    "read_dblp_xml",
    "read_arxiv_atom",
    "read_csv",
    "read_authorships",
    "concat_sources",
    "concat",
    "match_papers",
    "doi_paper_id",
    "normalize_doi",
]
