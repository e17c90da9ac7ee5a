"""Operating a Rumbo: backups of the store and their restoration."""
