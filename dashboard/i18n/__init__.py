"""The interface's languages: catalogs in ``dashboard/locale/*.po`` and CLDR formats.

Text is looked up in the language of the current request or page build, held in a
context variable (:func:`use_language`), so view code says ``_("Sources")`` and stays
a function of its data. Messages defined at import time are marked with :func:`N_`
and translated where they are shown.
"""

from dashboard.i18n.catalog import (
    DEFAULT_LANGUAGE,
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    current_language,
    ngettext,
    use_language,
)
from dashboard.i18n.cldr import (
    capitalised,
    day_pattern_text,
    format_number,
    month_text,
    upper_text,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "N_",
    "_",
    "capitalised",
    "current_language",
    "day_pattern_text",
    "format_number",
    "month_text",
    "ngettext",
    "upper_text",
    "use_language",
]
