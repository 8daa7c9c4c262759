"""Funding commitments and the yearly summary table: modelled in the funding issue."""
