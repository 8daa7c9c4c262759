"""Pages of the charter registry, one module per section: charters, territories, residences, themes,
correspondents, organisations."""
