"""The market simulator: a specialty's whole market drawn from Pick's model and matched.

Sits over ``engine.pick`` (the model and the population) and ``engine.match`` (the clearing)."""
