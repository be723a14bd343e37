"""What every input of the API shares: ids within the database's range, dates within the years a record can hold,
no NUL characters (PostgreSQL refuses them) — bad input is a 422 on its field, never a server error."""

import datetime
from typing import Annotated

from ninja import Field, Path, Schema
from pydantic import field_validator

MAX_ID = 2**53  # JSON-safe and below every database's integer limit
FIRST_YEAR, LAST_YEAR = 1900, 2200

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Limit = Annotated[int, Field(ge=1, le=200)]
PathId = Annotated[int, Path(ge=1, le=MAX_ID)]


class In(Schema):
    @field_validator("*", mode="after")
    @classmethod
    def _plain(cls, value):
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("NUL characters are not allowed")
        if isinstance(value, datetime.date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValueError(f"a date between {FIRST_YEAR} and {LAST_YEAR}")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, str) and "\x00" in item:
                    raise ValueError("NUL characters are not allowed")
        return value
