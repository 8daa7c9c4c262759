"""Pages of funding, one module per section: the summary table (and its exports and publication), the
commitments and their payments, the GUSP mission (the coordinator post), the financers, and a sheet's
budget follow-up."""
