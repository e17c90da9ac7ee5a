"""The offline composer: drafts from content plans per situation and output, es and en."""

from rumbo.drafting.composer.compose import Composed, compose

__all__ = ["Composed", "compose"]
