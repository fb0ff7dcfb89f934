"""Helpers for the Spotify track popularity course.

The notebooks stay short by calling these modules; each holds one concern:

- ``helpers.data``: find, download, validate and load the data set.
- ``helpers.labels``: popularity classes from cut points.
- ``helpers.splits``: the seed's random split, the honest split by song, leak counts.
- ``helpers.features``: feature sets and a scaler fitted on training rows only.
- ``helpers.pipeline``: all of the above in one call, for notebooks after 02.
- ``helpers.model`` and ``helpers.training``: the Keras MLP and reproducible training.
- ``helpers.evaluation`` and ``helpers.plots``: metrics, reports and figures.
"""

import os

# TensorFlow prints C++ log lines (with timestamps) on stderr when it is imported and
# when op determinism is enabled. They are noise for students and break nbval's output
# comparison, so silence them before any module imports TensorFlow.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

__version__ = "0.1.0"
