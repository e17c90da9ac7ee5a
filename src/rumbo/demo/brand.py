"""Tenderete's brand voice for the demo, from ``brand_voice.yaml`` beside this module."""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Actor
    from rumbo.drafting.voice import BrandVoice


def demo_voice() -> BrandVoice:
    from rumbo.drafting.voice import parse_voice

    return parse_voice(
        resources.files("rumbo.demo").joinpath("brand_voice.yaml").read_text("utf-8")
    )


def load_brand_voice(app: Rumbo, actor: Actor) -> bool:
    """Store the demo voice unless a voice is stored already; ``True`` when it wrote one.

    A voice someone edited is never replaced by the demo's, so loading the demo again is safe.
    """
    from rumbo.drafting.brand.actions import save_voice
    from rumbo.drafting.brand.queries import get_record

    with app.unit_of_work(actor) as ctx:
        if get_record(ctx.session) is not None:
            return False
        save_voice(ctx, demo_voice(), note="demo")
        return True
