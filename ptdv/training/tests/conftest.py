"""The admission tests' world: a candidate of the IT cell who passed the bloc's awareness course."""

from ptdv.admission.tests.conftest import world  # noqa: F401  (shared fixture)
