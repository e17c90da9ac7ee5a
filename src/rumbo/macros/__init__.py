"""Macros: saved reply snippets agents insert into their answers, with a few fields filled in."""
