"""factory_boy factories, one module per app, all importable from here. Records that carry permissions
or rules are created through the services, as the platform itself creates them, so that tests see the same
groups, grants and checks."""

from .actions import (
    ActionFactory,
    IndicatorFactory,
    InterventionFactory,
    MeasurementFactory,
    MilestoneFactory,
    ProjectSheetFactory,
)
from .charter import (
    AmendmentFactory,
    CharterFactory,
    OrganisationFactory,
    ResidenceFactory,
    TerritoryFactory,
    ThemeFactory,
    UserFactory,
)
from .governance import (
    AgendaItemFactory,
    CommitteeFactory,
    CommitteeMemberFactory,
    DecisionFactory,
    MeetingFactory,
    MinutesFactory,
)

__all__ = [
    "ActionFactory",
    "AgendaItemFactory",
    "AmendmentFactory",
    "CharterFactory",
    "CommitteeFactory",
    "CommitteeMemberFactory",
    "DecisionFactory",
    "IndicatorFactory",
    "InterventionFactory",
    "MeasurementFactory",
    "MeetingFactory",
    "MilestoneFactory",
    "MinutesFactory",
    "OrganisationFactory",
    "ProjectSheetFactory",
    "ResidenceFactory",
    "TerritoryFactory",
    "ThemeFactory",
    "UserFactory",
]
