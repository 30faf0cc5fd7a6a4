// Package bench compares the SDK's readers and writers with other
// libraries doing the same work. It is a module of its own so that the
// comparison libraries never enter the SDK's go.mod. Run from this folder:
//
//	go test -run '^$' -bench . -benchmem
package bench
