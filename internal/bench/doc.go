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
package bench
