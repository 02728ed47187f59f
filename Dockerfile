# The Karabakh peacekeeping map, served by gunicorn (karabakh-map serve --workers N).
#
#   docker build -t karabakh-map .
#   docker run --rm -p 8050:8050 karabakh-map
#   docker run --rm -p 8050:8050 -v "$PWD/mydata:/data:ro" -e KARABAKH_MAP_DATA=/data karabakh-map
#
# Settings are KARABAKH_MAP_* environment variables (docs/production.md). The bundled
# data is inside the wheel; the data folder is validated at start, when its SQLite
# database is built in KARABAKH_MAP_CACHE_DIR (the user has no home), and the container
# exits with every problem listed if it does not validate. Not built in the development
# environment (no Docker engine there): see docs/production.md.

# -- build the wheel (bundles geodata/ and assets/ into the package) -----------------
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
RUN pip install --no-cache-dir "hatchling>=1.21"
COPY pyproject.toml README.md ./
COPY dashboard ./dashboard
COPY geodata ./geodata
COPY assets ./assets
RUN pip wheel --no-cache-dir --no-deps --no-build-isolation --wheel-dir /wheels .

# -- run -------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    KARABAKH_MAP_HOST=0.0.0.0 \
    KARABAKH_MAP_PORT=8050 \
    KARABAKH_MAP_WORKERS=2 \
    KARABAKH_MAP_CACHE_DIR=/tmp/karabakh-map \
    GUNICORN_CMD_ARGS="--worker-tmp-dir /dev/shm"
# Binary wheels exist for every dependency (shapely, pyogrio and pyproj bundle GEOS,
# GDAL and PROJ), so no compiler or system library is needed.
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl \
    && rm -rf /wheels \
    && useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin karabakh
USER karabakh
EXPOSE 8050
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('KARABAKH_MAP_PORT', '8050'), timeout=4)"]
CMD ["karabakh-map", "serve"]
