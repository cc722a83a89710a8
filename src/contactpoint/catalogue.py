"""Imports every domain's models and event shapes, so metadata and the event registry are whole."""

from __future__ import annotations

from contactpoint import audit, children, involvements, organisations  # noqa: F401
from contactpoint.access import events as _access_events  # noqa: F401
from contactpoint.access import models as _access_models  # noqa: F401
from contactpoint.audit import alert_models as _audit_alert_models  # noqa: F401
from contactpoint.audit import models as _audit_models  # noqa: F401
from contactpoint.brokering import events as _brokering_events  # noqa: F401
from contactpoint.brokering import models as _brokering_models  # noqa: F401
from contactpoint.children import models as _children_models  # noqa: F401
from contactpoint.children import search_keys as _children_search_keys  # noqa: F401
from contactpoint.db import Base
from contactpoint.feeds import events as _feed_events  # noqa: F401
from contactpoint.feeds import models as _feed_models  # noqa: F401
from contactpoint.involvements import events as _involvement_events  # noqa: F401
from contactpoint.involvements import models as _involvement_models  # noqa: F401
from contactpoint.matching import events as _matching_events  # noqa: F401
from contactpoint.matching import models as _matching_models  # noqa: F401
from contactpoint.organisations import models as _organisation_models  # noqa: F401
from contactpoint.practitioners import events as _practitioner_events  # noqa: F401
from contactpoint.practitioners import models as _practitioner_models  # noqa: F401
from contactpoint.shielding import events as _shielding_events  # noqa: F401
from contactpoint.shielding import models as _shielding_models  # noqa: F401

metadata = Base.metadata
