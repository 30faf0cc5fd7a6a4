#!/bin/sh
# compare.sh BASE [ROUNDS] [BENCHTIME] [BENCH...]
#
# Compares the caselle sub-benchmarks of this folder at the commit BASE
# with the working tree: it builds the benchmarks of both (BASE in a
# temporary git worktree), runs them in interleaved rounds (base, then
# head, for each round; default 25 rounds of 0.2s), and prints for each
# benchmark the median of the per-round ratios head/base of ns/op, with
# the quartiles, and the ratio of the best rounds. On a shared machine the
# same binary swings by several per cent between runs; pairing each head
# round with the base round beside it, and the median, keep that out of
# the figure. Run from this folder:
#
#	./compare.sh ea6aad5
#	./compare.sh HEAD~3 40 0.3s OptoutRead PaymentWrite
set -eu
base=$1 rounds=${2:-25} benchtime=${3:-0.2s}
shift $(($# < 3 ? $# : 3))
benches=${*:-ConnectRead ClarityRead OptoutRead PaymentRead PaymentWrite Extract}
tmp=$(mktemp -d)
trap 'git worktree remove --force "$tmp/wt" >/dev/null 2>&1 || true; rm -rf "$tmp"' EXIT
git worktree add --detach "$tmp/wt" "$base" >/dev/null 2>&1
(cd "$tmp/wt/internal/bench" && go test -c -o "$tmp/base.test" .)
go test -c -o "$tmp/head.test" .
for b in $benches; do
	i=0
	while [ "$i" -lt "$rounds" ]; do
		for v in base head; do
			"$tmp/$v.test" -test.run '^$' -test.bench "^Benchmark$b\$/^caselle\$" -test.benchtime "$benchtime" |
				grep '^Benchmark' | sed "s/^/$v /"
		done
		i=$((i + 1))
	done | awk -v b="$b" '
		{ ns = $4 }
		$1 == "base" { nb = ns; if (bestb == 0 || ns < bestb) bestb = ns }
		$1 == "head" { if (besth == 0 || ns < besth) besth = ns; if (nb > 0) r[++n] = ns / nb; nb = 0 }
		END {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && r[j-1] > r[j]; j--) { t = r[j]; r[j] = r[j-1]; r[j-1] = t }
			med = n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2
			printf "%-13s %d rounds, head/base ns/op: median %.3f, quartiles %.3f..%.3f; best rounds %.2f ms / %.2f ms = %.3f\n",
				b, n, med, r[int(n / 4) + 1], r[int(3 * n / 4)], besth / 1e6, bestb / 1e6, besth / bestb
		}'
done
