# syntax=docker/dockerfile:1
FROM python:3.12-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends libpq5 tini
rm -rf /var/lib/apt/lists/*
EOF

FROM base AS deps
COPY requirements.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip pip install -r /tmp/requirements.txt

FROM base
COPY --from=deps /usr/local/lib/python3.12/site-packages /usr/local/lib/python3.12/site-packages
COPY <<-"CONF" /etc/app/app.ini
	[server]
	port = 8000
	workers = ${WORKERS}
	CONF
COPY <<EOF1 <<EOF2 /etc/app/
hello from one
EOF1
hello from two
EOF2
RUN python3 <<PY
import sys
print(sys.version)
PY
RUN groupadd -r app && useradd -r -g app -s /usr/sbin/nologin app
USER app
WORKDIR /app
COPY --chown=app:app . .
HEALTHCHECK CMD python3 -c "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"
CMD ["tini", "--", "gunicorn", "-b", "0.0.0.0:8000", "app:app"]
