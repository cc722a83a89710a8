"""Which source wins when sources disagree (documented in docs/feeds-and-matching.md).

A source may change a field when it ranks at least as high as the source that last set it,
so a newer feed from the same source always applies, and a lower-ranked source never
undoes a better one (its differing value is counted as a conflict instead).
"""

from __future__ import annotations

from contactpoint.children.models import SourceType
from contactpoint.feeds.models import ChildField

_IDENTITY_ORDER = (
    SourceType.BIRTH_REGISTRATION,  # the registered name and date of birth
    SourceType.GP_REGISTRATION,  # NHS demographics, traced against the spine
    SourceType.CHILD_BENEFIT,
    SourceType.PUPIL_CENSUS,
    SourceType.LA_SOCIAL_CARE,
)
_ADDRESS_ORDER = (
    SourceType.CHILD_BENEFIT,  # paid to the address: carers keep it current
    SourceType.GP_REGISTRATION,
    SourceType.LA_SOCIAL_CARE,
    SourceType.PUPIL_CENSUS,  # termly, so often the oldest
    SourceType.BIRTH_REGISTRATION,
)
ORDER: dict[ChildField, tuple[SourceType, ...]] = {
    ChildField.NAMES: _IDENTITY_ORDER,
    ChildField.DATE_OF_BIRTH: _IDENTITY_ORDER,
    ChildField.GENDER: _IDENTITY_ORDER,
    ChildField.ADDRESS: _ADDRESS_ORDER,
}


def may_overwrite(field: ChildField, incoming: SourceType, holder: SourceType | None) -> bool:
    if holder is None:
        return True
    order = ORDER[field]
    return order.index(incoming) <= order.index(holder)
