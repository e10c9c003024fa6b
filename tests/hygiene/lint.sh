#!/bin/sh
# Runs tests/lint (the os/ boundary check) as a test.
exec "$(dirname "$0")/../lint"
