"""The wheel ships the seeds and the vendored sigma.js, so both work from an installed package."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_seeds_and_loads_them(tmp_path):
    if shutil.which("git") is None and not (ROOT / "pyproject.toml").exists():
        pytest.skip("not a source checkout")
    pytest.importorskip("hatchling")
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "dist"), "-q"],
        capture_output=True, text=True, check=False,
    )
    assert out.returncode == 0, out.stderr
    wheel = next((tmp_path / "dist").glob("graphlib_papers-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        seeds = sorted(n for n in names if n.startswith("graphlib_papers/_seeds/"))
        assert [Path(n).name for n in seeds] == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
        assert "graphlib_papers/py.typed" in names
        for vendored in ("sigma.min.js", "sigma.LICENSE.txt", "graphology.umd.min.js",
                         "graphology.LICENSE.txt"):
            assert f"graphlib_papers/_vendor/{vendored}" in names
        zf.extractall(tmp_path / "site")
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import graphlib_papers as gp; "
        "c = gp.load_seeds(); G = gp.coauthor_graph(c); "
        "page = gp.network_html(gp.network_view(G)); "
        "print(gp.__file__, c.n_papers, 'new Sigma(' in page and 'UndirectedGraph' in page)"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "site")],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert run.returncode == 0, run.stderr
    where, n, inlined = run.stdout.split()
    assert where.startswith(str(tmp_path / "site")) and int(n) == 93
    assert inlined == "True"  # the installed package inlines its vendored sigma.js
