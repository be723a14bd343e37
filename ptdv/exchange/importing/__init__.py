"""One module per format of exchange.md; `IMPORTERS` names the importer of each kind."""

from .members import MemberImporter
from .movements import MovementImporter
from .people import PersonImporter
from .quotas import QuotaImporter
from .units import UnitImporter

IMPORTERS = {
    "units": UnitImporter,
    "people": PersonImporter,
    "members": MemberImporter,
    "movements": MovementImporter,
    "quotas": QuotaImporter,
}
