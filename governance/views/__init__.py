"""Pages of committees and meetings, one module per section: committees, meetings, what meetings leave
(agenda, attendance, minutes, decisions), calendars."""
