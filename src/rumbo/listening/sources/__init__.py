"""Where mentions come from: files, the signed webhook, RSS/Atom feeds and Rumbo's own tickets."""
