"""`rumbo import crm` and `rumbo export`: placeholder until the CSV tools land."""
