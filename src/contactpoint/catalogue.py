"""Imports every domain's models and event shapes, so metadata and the event registry are whole."""

from __future__ import annotations

from contactpoint import audit, children, involvements, organisations  # noqa: F401
from contactpoint.audit import models as _audit_models  # noqa: F401
from contactpoint.children import models as _children_models  # noqa: F401
from contactpoint.db import Base
from contactpoint.involvements import models as _involvement_models  # noqa: F401
from contactpoint.organisations import models as _organisation_models  # noqa: F401

metadata = Base.metadata
