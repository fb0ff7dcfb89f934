"""Helpers for the Spotify track popularity course, one module a concern.

- ``course``: the parameters every notebook shares, their defaults, and the call that checks them.
- ``data``: find, download, check and load the data set.
- ``labels``: popularity classes from cut points.
- ``splits``: the original notebook's random split, the honest split by song, leak counts.
- ``preprocessing``: feature sets, scaling fitted on training rows, the genre as codes.
- ``networks``: the Keras networks, built reproducibly.
- ``models``: fit, time, predict and score any model (networks, scikit-learn, boosted trees).
- ``evaluation``: scores, score tables, per-class reports, confusion matrices.
- ``uncertainty``: paired bootstrap intervals and the spread over training seeds.
- ``plots``: every figure.
- ``exercises``: the exercises of each notebook.
"""
