"""Measuring listening analytics on real labelled and time-stamped sets (read from a given path)."""
