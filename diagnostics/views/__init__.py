"""Pages of walking diagnostics and findings, one module per section: walks (planning, team, synthesis,
checks of the next walk), capture (the offline form, its JSON endpoint and service worker), findings
(lists, to-do, treatment), the delays dashboard, the map, the coordinator's configuration (grid, rules,
Open311 keys), moderation, the public pages and the Open311 API."""
