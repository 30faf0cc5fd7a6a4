package sftp_test

import (
	"fmt"

	"github.com/icbatch/caselle/transport/sftp"
)

// A configuration from the URL the command line takes; the key and the
// server's known host key are given apart from it.
func ExampleParseURL() {
	c, err := sftp.ParseURL("sftp://spanfork@sftp.invoicecloud.example:2222/Stratus")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.User, c.Addr, c.Root)
	_, err = sftp.ParseURL("ftp://spanfork@host/")
	fmt.Println(err != nil)
	// Output:
	// spanfork sftp.invoicecloud.example:2222 /Stratus
	// true
}
