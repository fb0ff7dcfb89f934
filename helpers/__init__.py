"""Helpers for the Spotify track popularity course, one module a concern.

Modules whose docstring says "Generated" are made from the notebooks' cells marked ``#@save`` (tools/export.py).

- ``course``: the parameters every notebook shares, their defaults, and the call that checks them.
- ``data``: find, download, check and load the data set.
- ``labels``: popularity classes from cut points.
- ``splits``: the original notebook's random split, the honest split by song, leak counts.
- ``song_split``, ``scaling``: the split by song and the scaling, as notebook 02 writes them.
- ``preprocessing``: feature sets, labels, scaled inputs and the genre as codes: ``prepare_data``.
- ``networks``: the Keras networks, as notebooks 03 and 07 write them.
- ``embeddings``: the numeric embeddings and the embedding MLP, as notebook 08 writes them.
- ``fitting``: fit and time networks, scikit-learn models and boosted trees; class weights.
- ``models``: the one protocol every fitted model answers; predictions, scores, ensembles, decision offsets.
- ``progress``: progress lines for long fits; Keras histories as tables.
- ``original_mlp``: notebook 03's network, saved, reloaded or trained again.
- ``records``: small saved records of a notebook's choices.
- ``evaluation``: scores, score tables, per-class reports, confusion matrices.
- ``uncertainty``: paired bootstrap intervals and the spread over training seeds.
- ``plots``: every figure.
- ``exercises``: the exercises of each notebook.
"""
