"""The bundled example data: four author-profile pages of a paper-aggregator site."""

from __future__ import annotations

from pathlib import Path

__all__ = ["seed_paths", "load_seeds"]


def _seed_dir() -> Path:
    here = Path(__file__).resolve().parent
    for candidate in (here / "_seeds", here.parent / "seeds"):
        if candidate.is_dir() and any(candidate.glob("*.txt")):
            return candidate
    raise FileNotFoundError(
        "the bundled seed pages are missing: reinstall graphlib-papers "
        "(they ship inside the wheel as graphlib_papers/_seeds)"
    )


def seed_paths() -> list[Path]:
    """Paths of the bundled profile pages, in file-name order.

    Examples
    --------
    >>> [p.name[:3] for p in seed_paths()]
    ['000', '001', '002', '003']
    """
    return sorted(_seed_dir().glob("*.txt"))


def load_seeds(**kwargs):
    """Read the bundled profile pages into one :class:`~graphlib_papers.Corpus`.

    Parameters
    ----------
    **kwargs
        Passed to :func:`graphlib_papers.read_profiles` (``errors=``, ``aliases=``, ...).

    Examples
    --------
    >>> corpus = load_seeds()
    >>> corpus.n_papers
    93
    >>> corpus.profiles["owner_method"].tolist()
    ['header', 'inferred', 'inferred', 'inferred']
    """
    from .io.profiles import read_profiles

    return read_profiles(*seed_paths(), **kwargs)
