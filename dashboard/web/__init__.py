"""The web server: the app factory, the callbacks, the page's first frame, exports as
HTTP responses, serving (headers, compression, health) and security.

May import: ``dashboard.views``, ``dashboard.data`` and ``dashboard.config``.
Never ``dashboard.cli``.
"""
