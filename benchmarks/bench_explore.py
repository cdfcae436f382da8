"""The report's interactive network on a large synthetic corpus: size and first render.

Builds the synthetic corpus (``_synth.py``, 2.5·10^4 papers by default), its co-author
graph, Louvain communities and PageRank, then the report's interactive view with its
default focus (:func:`graphlib_papers.network_view`: the 2000 authors with the highest
PageRank, at most 50 000 of the heaviest links among them), writes it as one HTML file and
opens it in headless Chromium with every non-``file:`` request aborted. Prints the time
of each step, the HTML size, the time to first render (``performance.now()`` when sigma.js
has drawn its first frame, from navigation start) and the time a search takes to redraw.

The reference tool side by side is ipysigma's own HTML export of the same view
(ipywidgets' ``embed_minimal_html``, as ``Sigma.write_html`` does), whose size is printed; it cannot be timed offline, since it loads
require.js, the widget manager and its bundle from CDNs.

Usage::

    python benchmarks/bench_explore.py                  # 25 000 papers
    python benchmarks/bench_explore.py --papers 100000 --chromium /usr/bin/chromium
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import graphlib_papers as gp  # noqa: E402
from _synth import synthetic_corpus  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--papers", type=int, default=25_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    args = ap.parse_args(argv)

    def step(name, fn):
        t = time.perf_counter()
        out = fn()
        print(f"{name:<28} {time.perf_counter() - t:8.2f} s", flush=True)
        return out

    corpus = step("synthetic corpus", lambda: synthetic_corpus(args.papers, seed=args.seed))
    G = step("coauthor_graph", lambda: gp.coauthor_graph(corpus))
    print(f"network: {G.number_of_nodes()} authors, {G.number_of_edges()} links")
    res = step("find_communities", lambda: gp.find_communities(G, seed=args.seed))
    pr = step("pagerank", lambda: gp.author_centrality(G, ["pagerank"], seed=args.seed)[
        "pagerank"])
    M = step("coauthor_matrix", lambda: gp.coauthor_matrix(corpus))
    papers = corpus.authorships.groupby("author_id")["paper_id"].nunique()
    view = step("network_view (matrix, report)", lambda: gp.network_view(
        M, communities=res, size=pr, seed=args.seed, n_papers=papers))
    on_graph = step("network_view (Graph)", lambda: gp.network_view(
        G, communities=res, size=pr, seed=args.seed))
    # both forms give the same view (the Graph carries n_papers on its nodes)
    assert on_graph.nodes.astype(object).equals(view.nodes.astype(object))
    assert on_graph.edges.equals(view.edges)
    print(repr(view))
    fragment = step("network_html", lambda: gp.network_html(view))
    with tempfile.TemporaryDirectory() as d:
        page_path = Path(d) / "view.html"
        page_path.write_text("<!DOCTYPE html><html><head><meta charset='utf-8'/></head><body>"
                             + fragment + "</body></html>", encoding="utf-8")
        print(f"HTML size: {page_path.stat().st_size / 1e6:.2f} MB")
        try:
            import ipysigma  # noqa: F401
        except ImportError:
            print("ipysigma not installed: no reference export")
        else:
            from ipywidgets.embed import embed_minimal_html

            ref = Path(d) / "ipysigma.html"
            widget = gp.explore(G, communities=res, size=pr, layout=view.nodes[["x", "y"]])
            step("ipysigma HTML export", lambda: embed_minimal_html(str(ref), views=[widget]))
            print(f"ipysigma HTML size (needs CDNs to open): {ref.stat().st_size / 1e6:.2f} MB")
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            left, errors = [], []

            def route(r):
                if r.request.url.startswith("file:"):
                    r.continue_()
                else:
                    left.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            t = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_function("window.gpNetwork && window.gpNetwork.firstRender !== null",
                                   timeout=600_000)
            wall = time.perf_counter() - t
            order, size, first = page.evaluate(
                "[gpNetwork.graph.order, gpNetwork.graph.size, gpNetwork.firstRender]")
            print(f"in the browser: {order} nodes, {size} edges")
            print(f"first render: {first / 1000:.2f} s after navigation start "
                  f"(wall, incl. page load: {wall:.2f} s)")
            name = page.evaluate(
                "gpNetwork.graph.getNodeAttribute(gpNetwork.graph.nodes()[0], 'label')")
            ms = page.evaluate(
                "(name) => { const t = performance.now(); gpNetwork.search(name);"
                " gpNetwork.renderer.render(); return performance.now() - t; }", name)
            print(f"search + redraw: {ms:.0f} ms")
            print(f"requests that left the page: {len(left)}; console errors: {len(errors)}")
            browser.close()


if __name__ == "__main__":
    main()
