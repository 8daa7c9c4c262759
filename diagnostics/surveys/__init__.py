"""Tenants' satisfaction surveys (charter section VI and footnote 16): « Un dispositif formalisé sous forme
d'enquêtes de satisfaction sera enfin mis en place par les bailleurs sociaux sur le quartier, en lien avec
la ville » — « sur échantillon représentatif, au moins triennale, et/ou sous forme de panels et sondages
annuels ».

- `models`: `SatisfactionSurvey` (a landlord's survey: date, method, sample, respondents, residences),
  `SurveyQuestion` (a question, filed under a theme) and `SurveyResult` (its share of satisfied tenants
  per residence, or over all the residences surveyed);
- `trends`: the trend per residence and theme across surveys (`survey_trend`) and the landlords whose last
  representative survey is older than three years (`survey_flags`);
- `querysets`, `services`, `perms`, `forms`, `views`, `urls`, `demo` (the present-day example's surveys and
  walks)."""
