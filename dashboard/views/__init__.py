"""Pure builders from data to what the page shows: the map figure, the timeline and its
density strip, the situation and detail panels, the page layout, link parameters, and the
component ids they share with the client.

May import: ``dashboard.data``. Never ``dashboard.web`` or ``dashboard.cli``.
"""
