#!/bin/sh
# The image's entry point. `serve` (the default command): migrate, load the 2016 demo into an empty
# database when THIDUA_DEMO=1, then serve on THIDUA_HOST:THIDUA_PORT. Anything else is run as given.
set -eu

if [ "$#" -eq 1 ] && [ "$1" = serve ]; then
    thidua migrate
    if [ "${THIDUA_DEMO:-0}" = 1 ]; then
        # The image runs with THIDUA_ENV=production; asking for the demo is the operator's decision.
        thidua demo --if-empty --allow-production
    fi
    exec thidua serve --no-migrate
fi
exec "$@"
