#!/usr/bin/env bash
# Print the path of a Python >= 3.12 found on this machine, or explain what to install.
set -u
check() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for name in python3.14 python3.13 python3.12 python3; do
  if path=$(command -v "$name" 2>/dev/null) && check "$path"; then echo "$path"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for version in $(pyenv versions --bare 2>/dev/null | grep -E '^3\.(1[2-9])' | sort -V); do
    prefix=$(pyenv prefix "$version" 2>/dev/null) || continue
    for candidate in "$prefix"/bin/python3.*[0-9] "$prefix/bin/python3"; do
      if [ -x "$candidate" ] && check "$candidate"; then echo "$candidate"; exit 0; fi
    done
  done
fi
echo "No Python 3.12 or newer found. Install it first, e.g. 'apt-get install python3.12 python3.12-venv' (Debian/Ubuntu) or 'pyenv install 3.12'." >&2
exit 1
