#!/bin/sh
# Launcher on PATH for the bundle in /opt/fieldbook.
exec /opt/fieldbook/fieldbook "$@"
