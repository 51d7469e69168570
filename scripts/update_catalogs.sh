#!/usr/bin/env bash
# Re-extract every translatable message and merge it into the catalogs.
# Then translate the new entries in locales/fr/LC_MESSAGES/messages.po (tests fail until then).
set -euo pipefail
cd "$(dirname "$0")/.."
pybabel extract -F babel.cfg -k t -k tn:1,2 -k keywords:1c,2 --no-wrap --sort-by-file --omit-header \
    -o locales/messages.pot .
for lang in en fr; do
    po="locales/$lang/LC_MESSAGES/messages.po"
    if [ -f "$po" ]; then
        pybabel update --no-wrap --ignore-obsolete -i locales/messages.pot -d locales -l "$lang"
    else
        pybabel init -i locales/messages.pot -d locales -l "$lang"
    fi
done
