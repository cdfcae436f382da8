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

# ruff: noqa: I001
# The order is deliberate: the star imports follow the pipeline (read, network, analyse,
# write), and the modules `evolution`, `interactive`, `plotting` and `report` are bound
# last so that a deprecated function of the same name never shadows its module.
from . import names
from .corpus import *  # noqa: F403
from .corpus import __all__ as _corpus_all
from .datasets import *  # noqa: F403
from .datasets import __all__ as _datasets_all
from .exceptions import *  # noqa: F403
from .exceptions import __all__ as _exceptions_all
from .io import *  # noqa: F403
from .io import __all__ as _io_all
from .graphs import *  # noqa: F403
from .graphs import __all__ as _graphs_all
from .centrality import *  # noqa: F403
from .centrality import __all__ as _centrality_all
from .communities import *  # noqa: F403
from .communities import __all__ as _communities_all
from .labs import *  # noqa: F403
from .labs import __all__ as _labs_all
from .stats import *  # noqa: F403
from .stats import __all__ as _stats_all
from .evolution import *  # noqa: F403
from .evolution import __all__ as _evolution_all
from .export import *  # noqa: F403
from .export import __all__ as _export_all
from .themes import *  # noqa: F403
from .themes import __all__ as _themes_all
from .roles import *  # noqa: F403
from .roles import __all__ as _roles_all
from .interactive import *  # noqa: F403
from .interactive import __all__ as _interactive_all
from .report import *  # noqa: F403
from .report import __all__ as _report_all
from .io.parquet import read_parquet, write_parquet
from .scale import *  # noqa: F403
from .scale import __all__ as _scale_all
from . import evolution, interactive, plotting, report
from . import disambiguation
from .disambiguation import ambiguous_names

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "names",
    *_exceptions_all,
    *_corpus_all,
    *_io_all,
    *_datasets_all,
    *_graphs_all,
    *_centrality_all,
    *_communities_all,
    *_labs_all,
    *_stats_all,
    *_evolution_all,
    *_export_all,
    *_themes_all,
    *_roles_all,
    *_interactive_all,
    *_report_all,
    "read_parquet",
    "write_parquet",
    *_scale_all,
    "plotting",
    "disambiguation",
    "ambiguous_names",
    "evolution",
    "interactive",
    "report",
]
