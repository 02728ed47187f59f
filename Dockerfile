# The Karabakh peacekeeping map, served by gunicorn (karabakh-map serve --workers N).
#
#   docker build -t karabakh-map .
#   docker run --rm -p 8050:8050 karabakh-map
#   docker run --rm -p 8050:8050 -v "$PWD/mydata:/data:ro" -e KARABAKH_MAP_DATA=/data karabakh-map
#
# Read-only, as tools/container-test runs it (the database of a mounted folder is
# built in the cache folder, so that one needs a tmpfs):
#
#   docker run --rm --read-only -p 8050:8050 karabakh-map
#   docker run --rm --read-only --tmpfs /var/cache/karabakh-map:uid=10001,gid=10001 \
#       -v "$PWD/mydata:/data:ro" -e KARABAKH_MAP_DATA=/data -p 8050:8050 karabakh-map
#
# Settings are KARABAKH_MAP_* environment variables (docs/production.md). The data
# folder is validated at start; the container exits with every problem listed if it
# does not validate.
#
# BASE_IMAGE: any Debian-like image with python3 (3.11+) and its venv module: the
# official Python image by default; tools/container-test makes one from Debian's own
# packages where no registry is reachable (python3 only, and PEP 668: hence the venv).
ARG BASE_IMAGE=python:3.11-slim-bookworm

# -- install the app and its dependencies into a venv; build the bundled data's database
FROM ${BASE_IMAGE} AS build
WORKDIR /src
COPY . .
# Wheels built beforehand in .wheels/ (tools/container-test does it with `pip wheel`)
# let this step run with no network; without them pip builds the app and fetches
# its dependencies. Every dependency has binary wheels (shapely, pyogrio and pyproj
# bundle GEOS, GDAL and PROJ): no compiler is needed.
RUN python3 -m venv /opt/venv \
    && if ls .wheels/*.whl >/dev/null 2>&1; then \
         /opt/venv/bin/pip install --no-cache-dir --no-index --find-links .wheels karabakh-map; \
       else \
         /opt/venv/bin/pip install --no-cache-dir .; \
       fi \
    && /opt/venv/bin/karabakh-map build --cache-dir /var/cache/karabakh-map

# -- run: the venv and the prebuilt database only (no wheels, pip cache or sources) -----
FROM ${BASE_IMAGE}
COPY --from=build /opt/venv /opt/venv
COPY --from=build --chown=10001:10001 /var/cache/karabakh-map /var/cache/karabakh-map
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KARABAKH_MAP_HOST=0.0.0.0 \
    KARABAKH_MAP_PORT=8050 \
    KARABAKH_MAP_WORKERS=2 \
    KARABAKH_MAP_CACHE_DIR=/var/cache/karabakh-map \
    GUNICORN_CMD_ARGS="--worker-tmp-dir /dev/shm"
# A numeric user: the Debian-made base has no useradd, and none is needed.
USER 10001:10001
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('KARABAKH_MAP_PORT', '8050'), timeout=4)"]
STOPSIGNAL SIGTERM
CMD ["karabakh-map", "serve"]
