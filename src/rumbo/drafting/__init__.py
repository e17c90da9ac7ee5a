"""Drafting studio: brand voice, drafts and plans, and the critic that checks every draft."""
