"""Shared fixtures: the seeds, small corpora, and figure cleanup."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

import graphlib_papers as gp  # noqa: E402

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
SHARED = TESTS.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def seeds() -> gp.Corpus:
    """The bundled seed pages, read once per test session."""
    return gp.load_seeds()


@pytest.fixture
def shared_data() -> Path:
    """../shared/data when present beside the checkout; skips the test otherwise."""
    if not SHARED.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
