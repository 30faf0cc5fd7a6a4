package transporttest_test

import (
	"fmt"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/transporttest"
)

// Every name of the conformance suite's hostile list is refused by the
// portable type's name check, before a driver sees it. A driver's own
// tests call transporttest.Run(t, newDriver) to hold it to the suite.
func Example() {
	refused := 0
	for _, name := range transporttest.HostileNames {
		if transport.CheckName(name) != nil {
			refused++
		}
	}
	fmt.Println(refused == len(transporttest.HostileNames), refused > 10)
	// Output:
	// true true
}
