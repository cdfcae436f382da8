"""graphlib_papers: co-authorship network analysis.

Publication records go in, a tidy :class:`Corpus` comes out; graphs are derived from
it; analyses return tables; plots and reports draw those tables.

Examples
--------
>>> import graphlib_papers as gp
>>> corpus = gp.load_seeds()
>>> corpus
<Corpus: 93 papers, ... authors, ... authorships>
"""

from . import names
from .corpus import *  # noqa: F403
from .corpus import __all__ as _corpus_all
from .datasets import *  # noqa: F403
from .datasets import __all__ as _datasets_all
from .exceptions import *  # noqa: F403
from .exceptions import __all__ as _exceptions_all
from .io import *  # noqa: F403
from .io import __all__ as _io_all

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "names",
    *_exceptions_all,
    *_corpus_all,
    *_io_all,
    *_datasets_all,
]
