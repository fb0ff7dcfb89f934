"""The exercises at the end of each notebook (``helpers.exercises.nbNN`` for notebook NN).

Each is declared, not programmed: hidden cases, a reference from the course's own code,
a comparison and typical wrong answers; :mod:`helpers.exercises.base` checks them.
"""
