#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The ScaleDeck authors
# SPDX-License-Identifier: Apache-2.0
# Refreshes translations/scaledeck_en.ts, the English plural forms of every tr("… %n …") in src/gui, and fills in the
# forms of new entries: "replica(s)" is "replica" for one and "replicas" otherwise; a verb marked "(s)" after its noun
# ("wait(s)") agrees the other way; "(is|are)" is the singular's word, then the plural's. Check the result with `git diff translations/`: test_pluralforms fails while an
# entry is missing or unfinished.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
lupdate="$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)"
"$lupdate" -pluralonly -locations none -no-obsolete -target-language en "$root/src/gui" -ts "$root/translations/scaledeck_en.ts"
python3 "$root/scripts/fill-plurals.py" "$root/translations/scaledeck_en.ts"
