"""`rumbo demo`: placeholder until the demo company generator lands."""
