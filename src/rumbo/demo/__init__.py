"""Tenderete, the fictional company of ``rumbo demo``.

:mod:`rumbo.demo.generator` builds its data from a seed (no database needed) and
:mod:`rumbo.demo.loader` writes it through the domain actions. Nothing is imported here, so
``rumbo --help`` stays fast.
"""
