"""Walking diagnostics, findings and reports: modelled in the walking-diagnostics issue."""
