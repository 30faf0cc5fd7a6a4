#!/bin/sh
# ratio.sh BENCH A B [ROUNDS] [BENCHTIME]
#
# Runs the sub-benchmarks A and B of BENCH ROUNDS times (default 12), one
# after the other in each round, and prints the throughput ratio A/B (MB/s,
# so files of different sizes compare fairly): the median and the range of
# the per-round ratios, and the ratio of the best round of each. On a
# shared machine timings swing between runs; interleaved rounds and the
# median keep a slow minute from deciding the figure. Run from this folder:
#
#	./ratio.sh ConnectRead caselle go-fixedwidth-IN-only
#	./ratio.sh OptoutRead caselle encoding-csv-reuse
set -eu
bench=$1 a=$2 b=$3 rounds=${4:-12} benchtime=${5:-0.5s}
bin=$(mktemp)
trap 'rm -f "$bin"' EXIT
go test -c -o "$bin" .
i=0
while [ "$i" -lt "$rounds" ]; do
	"$bin" -test.run '^$' -test.bench "^Benchmark$bench\$/^($a|$b)\$" -test.benchtime "$benchtime" | grep '^Benchmark'
	i=$((i + 1))
done | awk -v a="$a" -v b="$b" '
	function rate(   i) { for (i = 2; i <= NF; i++) if ($i == "MB/s") return $(i - 1); return 0 }
	{ name = $1; sub(/-[0-9]+$/, "", name); sub(/^[^\/]*\//, "", name) }
	name == a { ra = rate(); if (ra > besta) besta = ra }
	name == b { rb = rate(); if (rb > bestb) bestb = rb; if (ra > 0) r[++n] = ra / rb; ra = 0 }
	END {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j-1] > r[j]; j--) { t = r[j]; r[j] = r[j-1]; r[j-1] = t }
		med = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
		printf "%d rounds, %s/%s: median %.3f, min %.3f, max %.3f\n", n, a, b, med, r[1], r[n]
		printf "best rounds: %s %.1f MB/s, %s %.1f MB/s, ratio %.3f\n", a, besta, b, bestb, besta / bestb
	}'
