"""The real bpmn-js viewer (npm bpmn-js, installed by scripts/install-js-deps.sh) opens
every exported sample in headless Chromium with zero import warnings and draws each
task inside its lane. One screenshot goes to docs/screenshots/bpmn-export.png."""

import pytest

from sopdocs.exchange.bpmn_export import process_to_bpmn
from sopdocs.validate import load_process
from tests.browser import chromium, missing_browser
from tests.conftest import ROOT, sample_files

VIEWER = ROOT / ".cache" / "npm" / "node_modules" / "bpmn-js" / "dist" / "bpmn-viewer.production.min.js"
SCREENSHOT = ROOT / "docs" / "screenshots" / "bpmn-export.png"
SHOWN = ROOT / "processes" / "sales" / "quote-approval.yaml"


def _missing() -> str | None:
    if not VIEWER.exists():
        return f"{VIEWER} is missing: run `bash scripts/install-js-deps.sh` (`make test` does)"
    return missing_browser()


pytestmark = [pytest.mark.browser, pytest.mark.skipif(_missing() is not None, reason=_missing() or "")]

IMPORT = """async (xml) => {
  const viewer = new BpmnJS({container: '#canvas'});
  const result = await viewer.importXML(xml);
  viewer.get('canvas').zoom('fit-viewport');
  const shapes = viewer.get('elementRegistry').filter(e => !e.waypoints && e.businessObject);
  const box = e => ({id: e.id, type: e.type, x: e.x, y: e.y, width: e.width, height: e.height,
                     lane: (e.businessObject.lanes || []).map(l => l.id)});
  return {warnings: result.warnings.map(w => w.message), shapes: shapes.map(box)};
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:  # one Playwright per module: the sync API allows one at a time
        yield launched


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page(viewport={"width": 1400, "height": 300}, device_scale_factor=2)
    page.set_content("<html><body style='margin:0'><div id='canvas' style='width:1400px;height:300px'></div></body></html>")
    page.add_script_tag(path=str(VIEWER))
    yield page
    page.close()


def _open(page, xml: str) -> dict:
    page.evaluate("document.querySelector('#canvas').innerHTML = ''")
    return page.evaluate(IMPORT, xml)


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_bpmn_js_imports_without_warnings_and_tasks_sit_in_their_lanes(page, path):
    process = load_process(path)
    drawn = _open(page, process_to_bpmn(process))
    assert drawn["warnings"] == []
    shapes = {shape["id"]: shape for shape in drawn["shapes"]}
    for step in process.steps:
        shape = shapes[f"step-{step.id}"]
        lane = shapes[f"lane-{step.lane}"]
        assert shape["lane"] == [f"lane-{step.lane}"]
        assert lane["x"] <= shape["x"] and shape["x"] + shape["width"] <= lane["x"] + lane["width"], step.id
        assert lane["y"] <= shape["y"] and shape["y"] + shape["height"] <= lane["y"] + lane["height"], step.id


def test_screenshot_for_the_docs(page):
    drawn = _open(page, process_to_bpmn(load_process(SHOWN)))
    assert drawn["warnings"] == []
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000


MODELER = VIEWER.parent / "bpmn-modeler.production.min.js"
SAVE = """async (xml) => {
  const modeler = new BpmnJS({container: '#canvas'});
  const result = await modeler.importXML(xml);
  const saved = await modeler.saveXML({format: true});
  modeler.destroy();
  return {warnings: result.warnings.map(w => w.message), xml: saved.xml};
}"""


@pytest.fixture(scope="module")
def modeler_page(browser):
    page = browser.new_page(viewport={"width": 1200, "height": 400})
    page.set_content("<html><body><div id='canvas' style='width:1200px;height:400px'></div></body></html>")
    page.add_script_tag(path=str(MODELER))
    yield page
    page.close()


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_a_file_saved_again_by_the_bpmn_js_modeler_imports_to_the_same_process(modeler_page, path, tmp_path):
    # bpmn-js is the modeller inside Camunda Modeler and bpmn.io: what it writes back after
    # opening our export (its own namespace order, ids kept, our extension elements kept
    # as unknown elements) must import to the very process we exported
    import dataclasses

    from sopdocs.exchange.bpmn_import import import_bpmn

    process = load_process(path)
    saved = modeler_page.evaluate(SAVE, process_to_bpmn(process))
    assert saved["warnings"] == []
    resaved = tmp_path / "resaved.bpmn"
    resaved.write_text(saved["xml"], encoding="utf-8")
    [imported] = import_bpmn(resaved)
    assert imported.warnings == ()
    assert dataclasses.replace(imported.process, path=process.path) == process
