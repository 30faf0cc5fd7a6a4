// Package bench compares the SDK's readers and writers with other
// libraries doing the same work. It is a module of its own so that the
// comparison libraries never enter the SDK's go.mod. Run from this folder:
//
//	go test -run '^$' -bench . -benchmem
//
// The figures in closing notes are ratios taken by ratio.sh, which runs two
// sub-benchmarks in interleaved rounds and prints the median ratio of their
// throughputs (a shared machine's timings swing between runs):
//
//	./ratio.sh ConnectRead caselle go-fixedwidth-IN-only
//	./ratio.sh OptoutRead caselle encoding-csv-reuse
//
// compare.sh holds the working tree to an earlier commit the same way:
// the caselle sub-benchmarks of both, in interleaved rounds, as the median
// of the per-round ratios (a change is to keep each within 5 %):
//
//	./compare.sh ea6aad5
package bench
