"""How nbval compares the course notebooks' outputs.

Cells are compared strictly, except: stderr (library log lines) is never compared,
and cells tagged ``nbval-tolerance`` (outputs that depend on training a network)
are compared by :func:`tools.nbval_tolerance.compare_outputs`: the same text, and
numbers within measured tolerances. See the README, "Tests on any machine".
"""

from nbval.plugin import IPyNbCell

from tools import nbval_tolerance

_strict_compare = IPyNbCell.compare_outputs


def _compare_outputs(self, test, ref, skip_compare=None):
    if nbval_tolerance.TAG not in self.cell.metadata.get("tags", []):
        return _strict_compare(self, test, ref, skip_compare)
    problems = nbval_tolerance.compare_outputs(ref, test)
    self.comparison_traceback = ["Outputs differ beyond the tolerances:", *problems]
    return not problems


IPyNbCell.compare_outputs = _compare_outputs


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
