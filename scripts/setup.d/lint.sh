# Set-up for the Dockerfile lint tests (sourced by scripts/test.sh).
# The differential test compares our parser with BuildKit's own Go parser, which the PyPI
# package `dockerfile` embeds. Without it the test fails under CI=true.
if ! python3 -c 'import dockerfile' >/dev/null 2>&1; then
  printf '== setup.d/lint.sh: pip install dockerfile\n' >&2
  python3 -m pip install -q --disable-pip-version-check dockerfile >/dev/null 2>&1 \
    || printf '== setup.d/lint.sh: could not install the dockerfile package\n' >&2
fi
