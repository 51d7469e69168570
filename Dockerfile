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
ENV DATABASE_URL=sqlite:////data/convener.db

CMD ["convener", "run"]
