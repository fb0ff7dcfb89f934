"""The exercises at the end of each notebook (``helpers.exercises.nbNN`` for notebook NN).

Each is checked against what the course's own code computes on inputs the student
has not seen; see :mod:`helpers.exercises.base`.
"""
