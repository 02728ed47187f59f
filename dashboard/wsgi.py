"""WSGI entry point: ``gunicorn dashboard.wsgi:server`` (settings from the environment).

If the data folder does not validate, every problem is printed and the process
exits with gunicorn's "app failed to load" code, so gunicorn stops instead of
restarting workers in a loop.
"""

import sys

from dashboard.config import Settings, SettingsError
from dashboard.data.loading import DataError
from dashboard.web.app import create_app
from dashboard.web.switching import DataSwitch

APP_LOAD_ERROR = 4  # gunicorn.arbiter.Arbiter.APP_LOAD_ERROR: the master halts

try:
    settings = Settings.from_env()
    server = DataSwitch(create_app(settings), settings)
except SettingsError as error:
    print(f"error: {error}", file=sys.stderr, flush=True)
    raise SystemExit(APP_LOAD_ERROR) from None
except DataError as error:
    print(f"error: the data in {settings.data_dir} cannot be used:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem}", file=sys.stderr)
    sys.stderr.flush()
    raise SystemExit(APP_LOAD_ERROR) from None
