"""Pages of the action plan, one module per section: sheets, actions, journal, indicators, the plan
(table, exports, matrix) and the public pages."""
