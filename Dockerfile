# Convener: `convener run` as a non-root user. State lives in /data (SQLite by default);
# set DATABASE_URL to a PostgreSQL server to share state between several containers.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN groupadd --system --gid 10001 convener \
    && useradd --system --uid 10001 --gid convener --home-dir /data --create-home convener

WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY adapters/ adapters/
COPY scheduler/ scheduler/
COPY locales/ locales/

# Install the wheel (the catalogs ship inside it as bot/locales), then compile them there
# so the bot starts without compiling them itself.
RUN pip install . \
    && pybabel compile --statistics -D messages \
       -d "$(python -I -c 'import bot, pathlib; print(pathlib.Path(bot.__file__).parent / "locales")')" \
    && rm -rf /src

USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
# The HTTP server (health, Telegram's webhook) listens on every interface in the container.
ENV DATABASE_URL=sqlite:////data/convener.db \
    CONVENER_HTTP_HOST=0.0.0.0 \
    CONVENER_HTTP_PORT=3000
EXPOSE 3000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/health', timeout=4)"]

CMD ["convener", "run"]
