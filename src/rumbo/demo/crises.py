"""The crises recorded in the demo's history, so the crisis tools have something to find.

* a service outage: a few hours, about three weeks ago, at several times the normal volume;
* an influential customer complaining in public about an order that never arrived;
* a phishing wave that looks like a data leak;
* the key account weighing a cheaper competitor before its renewal;
* rumours about the competitor;
* a surge of near-identical "where is my invoice?" requests over two days.
"""

from __future__ import annotations

from rumbo.demo import stories, waves
from rumbo.demo.conversation import Draft
from rumbo.demo.scene import Scene


class Crises(Scene):
    """Plans how many tickets each crisis brings, then writes them."""

    def plan(self, total: int, ordinary_weekday: float) -> int:
        """Decide how many tickets each crisis brings; returns their sum."""
        scale = total / 3000
        self.counts = {
            "outage": max(12, round(6.5 * ordinary_weekday)),
            "phishing": max(5, round(35 * scale)),
            "rumours": max(4, round(15 * scale)),
            "invoice_surge": max(8, round(70 * scale)),
        }
        return sum(self.counts.values()) + 4  # influencer (2) and key account (2)

    def write(self) -> list[Draft]:
        drafts = [
            *waves.outage(self),
            *stories.influencer(self),
            *waves.phishing(self),
            *stories.key_account(self),
            *stories.rumours(self),
            *waves.invoice_surge(self),
        ]
        return [self.desk.finish(d) for d in drafts if d.created_at <= self.anchor]
