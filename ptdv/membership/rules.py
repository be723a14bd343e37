"""The roll's dates, as plain Python (no database).

Probation is 12 calendar months from the admission ceremony (Charter art. 5.1; procedure.md "Deadlines"): it ends on
the same day of the month a year later (Civil Code 2015 art. 148: the 31st becomes the last day of a shorter month),
and that day is the full-member date of a recognised member ("đúng thời điểm hết 12 tháng dự bị"). The admission
procedure (admission.rules.full_member_date) and the roll read this one rule, so a member loaded by import has the
same end of probation as one admitted through a dossier."""

import datetime

from ptdv.people.rules import add_months

PROBATION_MONTHS = 12  # Charter art. 5.1: fixed by the Charter, not a setting


def probation_ends_on(ceremony_date: datetime.date) -> datetime.date:
    """The day the 12 months of probation from the ceremony end: ceremony 15/03/2026 → 15/03/2027."""
    return add_months(ceremony_date, PROBATION_MONTHS)
