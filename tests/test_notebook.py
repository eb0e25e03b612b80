"""notebooks/analysis.ipynb runs top to bottom (nbclient) and is committed without outputs."""
from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

REPO = Path(__file__).resolve().parents[1]
NB = REPO / "notebooks" / "analysis.ipynb"
CORPUS = REPO.parent / "shared" / "corpora" / "xwlb_union_news" / "items.jsonl"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NB, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, \
                "clear the notebook's outputs before committing (they may contain corpus text)"


def _text(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", ()):
            if o.output_type == "stream":
                out.append(o.text)
            elif o.output_type in ("execute_result", "display_data"):
                out.append(str(o.data.get("text/plain", "")))
                if "image/png" in o.data:
                    out.append("<png>")
            elif o.output_type == "error":
                out.append(f"ERROR {o.ename}: {o.evalue}")
    return "\n".join(out)


def test_notebook_executes(monkeypatch):
    monkeypatch.setenv("UNIONNLP_NB_SAMPLE", "20")
    monkeypatch.setenv("UNIONNLP_NB_LAYERS", "rules")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NB, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(NB.parent)}})
    client.execute()  # raises CellExecutionError on any failing cell
    text = _text(nb)
    assert "union bodies in the tree" in text
    assert "<png>" in text
    if CORPUS.is_file():
        assert "20 documents" in text
    else:
        assert "part 2 skipped" in text
