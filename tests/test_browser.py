"""The HTML report in a real browser: headless Chromium, every network request blocked.

Needs Playwright for Python and a system Chromium (Debian's ``chromium`` package, which
``.ci/run`` installs when missing); skipped with the reason when either is absent.
"""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

import graphlib_papers as gp
from graphlib_papers.cli import main

CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser"),
                             "/usr/bin/chromium") if p and os.path.exists(p)), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: pip install playwright")
    if CHROMIUM is None:
        pytest.skip("no Chromium found (Debian: apt-get install chromium)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM)
        yield b
        b.close()


@pytest.fixture(scope="module")
def report_page(browser, tmp_path_factory):
    """report.html written by the command line on the seeds, opened with the network cut."""
    out = tmp_path_factory.mktemp("browser_report")
    assert main(["report", "--out", str(out), "--labels", "5"]) == 0
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    left, console = [], []

    def route(r):
        if r.request.url.startswith("file:"):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: console.append((m.type, m.text)))
    page.on("pageerror", lambda e: console.append(("pageerror", str(e))))
    page.goto((out / "report.html").as_uri())
    page.wait_for_function("window.gpNetwork && window.gpNetwork.firstRender !== null",
                           timeout=60_000)
    yield page, left, console, out
    page.close()


def test_report_network_has_every_author_and_link(report_page):
    page, left, console, _ = report_page
    G = gp.coauthor_graph(gp.load_seeds())
    order, size, error = page.evaluate(
        "[gpNetwork.graph.order, gpNetwork.graph.size, gpNetwork.error || null]")
    assert (order, size) == (G.number_of_nodes(), G.number_of_edges()) == (170, 389)
    assert error is None
    names = page.evaluate("gpNetwork.graph.mapNodes((n, a) => a.label)")
    assert sorted(names) == sorted(nx_name for _, nx_name in G.nodes(data="name"))


def test_search_finds_and_highlights_an_author(report_page):
    page, *_ = report_page
    page.fill("#gp-network-search", "Sanjiv Kumar")
    page.wait_for_timeout(600)  # the camera moves to the author
    assert page.evaluate("[...gpNetwork.state.matches]") == ["a:sanjiv-kumar"]
    shown = page.evaluate("gpNetwork.renderer.getNodeDisplayData('a:sanjiv-kumar')")
    other = page.evaluate("gpNetwork.renderer.getNodeDisplayData('a:aurko-roy')")
    assert shown["highlighted"] is True and shown["forceLabel"] is True
    assert other.get("highlighted") is not True and other["color"] == "#e6e6e6"
    assert page.text_content("#gp-network-status") == "found: Sanjiv Kumar"
    assert "top co-authors: Ankit Singh Rawat" in page.text_content("#gp-network-info")
    page.fill("#gp-network-search", "")
    assert page.evaluate("gpNetwork.state.matches") is None


def test_hover_shows_papers_and_coauthors(report_page):
    page, *_ = report_page
    page.wait_for_timeout(500)  # let a camera move from an earlier search end
    page.evaluate("gpNetwork.renderer.getCamera().setState({x: 0.5, y: 0.5, ratio: 1, angle: 0})")
    page.locator("#gp-network-canvas").scroll_into_view_if_needed()
    box = page.locator("#gp-network-canvas").bounding_box()
    xy = page.evaluate(
        "(() => { const r = gpNetwork.renderer;"
        " return r.framedGraphToViewport(r.getNodeDisplayData('a:aurko-roy')); })()")
    page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
    page.wait_for_function("gpNetwork.state.hovered === 'a:aurko-roy'", timeout=5_000)
    info = page.text_content("#gp-network-info")
    n = gp.coauthor_graph(gp.load_seeds()).nodes["a:aurko-roy"]["n_papers"]
    assert info.startswith(f"Aurko Roy · {n} papers") and "top co-authors:" in info


def test_nothing_left_the_page_and_no_console_error(report_page):
    page, left, console, _ = report_page
    page.reload()
    page.wait_for_function("window.gpNetwork && window.gpNetwork.firstRender !== null")
    assert left == []
    assert [c for c in console if c[0] in ("error", "pageerror")] == []


def test_screenshot_is_written_and_not_blank(report_page):
    page, _, _, out = report_page
    import matplotlib.image as mpimg

    shot = out / "network_screenshot.png"
    page.locator("#gp-network-canvas").screenshot(path=str(shot))
    pixels = mpimg.imread(shot)[..., :3]
    assert pixels.shape[0] > 300 and pixels.shape[1] > 600
    # a blank canvas is one colour; the drawn network has many, spread over the area
    assert pixels.std() > 0.02
    colours = np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)
    assert len(colours) > 50
    # ink in most of a 4 x 4 grid of tiles: the layout fills the view
    h, w = pixels.shape[0] // 4, pixels.shape[1] // 4
    inked = [(pixels[i * h:(i + 1) * h, j * w:(j + 1) * w].sum(axis=2) < 2.9).any()
             for i in range(4) for j in range(4)]
    assert sum(inked) >= 10
