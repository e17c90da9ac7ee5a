"""The brand voice as stored: one current voice, every edit kept as a numbered version."""
