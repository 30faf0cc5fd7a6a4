#!/usr/bin/env bash
# Rebuilds the bill print-file corpus with real producers from Debian:
#   apt-get install ghostscript groff qpdf librsvg2-bin chromium libreoffice-writer-nogui fonts-dejavu-core
# Run from the repository root: bash billimage/testdata/make.sh
set -euo pipefail
out=billimage/testdata
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go run ./billimage/testdata/corpus "$work"
cp "$work/expected.csv" "$out/expected.csv"

# groff (troff → PostScript) and ghostscript (PostScript → PDF); groff's
# -k runs preconv so that é and Å reach troff as its own glyphs.
groff -k -Tps -P-pletter "$work/bills.tr" > "$work/bills.ps"
ps2pdf -sPAPERSIZE=letter "$work/bills.ps" "$out/groff-ghostscript.pdf"

# Chromium (Skia; Identity-H CID fonts).
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$out/chromium.pdf" "file://$work/bills.html" 2>/dev/null

# LibreOffice, headless, from the same HTML.
soffice --headless --norestore --convert-to pdf:writer_web_pdf_Export --outdir "$work" "$work/bills.html" >/dev/null
cp "$work/bills.pdf" "$out/libreoffice.pdf"

# cairo, through rsvg-convert, one SVG a page.
rsvg-convert -f pdf -o "$out/cairo.pdf" "$work"/page-*.svg

# qpdf: object streams and linearization; and AES-256 with an empty user
# password (what a report writer's "no copying" protection makes).
qpdf --object-streams=generate --linearize "$out/chromium.pdf" "$out/qpdf-objstm-linearized.pdf"
qpdf --encrypt "" owner-secret 256 -- "$out/cairo.pdf" "$out/qpdf-aes256.pdf"
ls -l "$out"/*.pdf
