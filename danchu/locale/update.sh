#!/usr/bin/env bash
# Refresh the translation catalogues of danchu and compile them.
#
# Source strings are Vietnamese (LANGUAGE_CODE = "vi"), so only the English catalogue exists:
#   danchu/locale/en/LC_MESSAGES/django.po   (edit this: translate every empty or fuzzy entry)
#   danchu/locale/en/LC_MESSAGES/django.mo   (compiled, committed so installs need no gettext tools)
#
# Usage:  danchu/locale/update.sh            # makemessages + compilemessages + statistics
#         danchu/locale/update.sh --check    # same, but exit 1 if anything is untranslated or fuzzy
# Needs GNU gettext (xgettext, msgmerge, msgfmt) and the project venv (../.venv or $DANCHU).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"   # danchu/locale
pkg="$(dirname "$here")"                                # danchu/
root="$(dirname "$pkg")"                                # repository root
danchu="${DANCHU:-$root/.venv/bin/danchu}"
[[ -x "$danchu" ]] || danchu="$(command -v danchu)" || { echo "danchu command not found" >&2; exit 2; }

locales=(en)

# The settings create DATA_DIR (default ./var: a secret key, the queue database); keep it out of the tree.
if [[ -z "${DANCHU_DATA_DIR:-}" ]]; then
  DANCHU_DATA_DIR="$(mktemp -d -t danchu-i18n.XXXXXX)"
  export DANCHU_DATA_DIR
  trap 'rm -rf -- "$DANCHU_DATA_DIR"' EXIT
fi

cd "$pkg"   # run from the package so makemessages sees the templates and the code
for loc in "${locales[@]}"; do
  "$danchu" makemessages -l "$loc" -d django --no-obsolete \
    --ignore "tests/*" --ignore "*/tests/*" --ignore "static/*"
done
"$danchu" compilemessages --ignore ".venv"

status=0
for loc in "${locales[@]}"; do
  po="$here/$loc/LC_MESSAGES/django.po"
  stats="$(LC_ALL=C msgfmt --check --statistics -o /dev/null "$po" 2>&1)"
  echo "$loc: $stats"
  if grep -Eq "untranslated|fuzzy" <<<"$stats"; then
    status=1
    echo "  to do:" >&2
    # list the msgids still to translate (untranslated first, then fuzzy)
    msgattrib --untranslated --no-wrap "$po" 2>/dev/null | grep '^msgid "' | grep -v '^msgid ""$' | sed 's/^/    untranslated: /' >&2 || true
    msgattrib --only-fuzzy --no-wrap "$po" 2>/dev/null | grep '^msgid "' | grep -v '^msgid ""$' | sed 's/^/    fuzzy: /' >&2 || true
  fi
done

if [[ "${1:-}" == "--check" ]]; then exit "$status"; fi
