"""nbval settings for the course notebooks.

TensorFlow and other libraries may write log lines with timestamps to stderr; they
say nothing about the lesson, so nbval leaves stderr out of the comparison. Every
other output (text, tables, figure descriptions) is compared strictly.
"""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("stderr",)
