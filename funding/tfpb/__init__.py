"""The landlords' programmes financed by the abatement of the property tax (TFPB) in the priority quarters.

Since 2001 (code général des impôts, article 1388 bis, extended to 2030) a social landlord deducts 30 % of
the property tax (taxe foncière sur les propriétés bâties, TFPB) on its dwellings of a priority quarter
(QPV), in exchange for extra management actions agreed in a convention with the city, the intercommunality
and the State, annexed to the city contract. The national framework (2015, amended 2021) sorts them on
eight axes (`choices.Axis`). Each year the landlord reports, per quarter, what the abatement amounted to
and what it financed; the partners comment and the steering committee validates.

- `models`: `TfpbConvention` (a landlord's convention in a charter, its years), `ConventionQuarter` (a
  quarter of it: dwellings concerned and the yearly abatement, typed or computed from a per-dwelling
  figure), `TfpbReport` (the programme and report of one landlord × quarter × year, with its state,
  validation by a steering committee decision and publication), `TfpbAction` (an action on one axis, planned
  and realised amounts), `TfpbComment` (the partners' comments).
- `report`: the one computation of the yearly report (`quarter_report`, `year_summary`): screen, XLSX and
  PDF all read it.
- `querysets` (reads), `services` (writes), `perms`, `forms`, `views`, `urls`, `documents` (the PDF),
  `exports` (the XLSX), `demo` (the present-day example's records)."""
