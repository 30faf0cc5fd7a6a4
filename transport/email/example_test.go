package email_test

import (
	"context"
	"fmt"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/email"
)

// What cannot be sent is refused before any connection, as a permanent
// error an agent does not retry.
func ExampleSend() {
	c := email.Config{Addr: "127.0.0.1:2525", From: "billing@spanishfork.example", To: []string{"ic-support@invoicecloud.example"}}
	err := email.Send(context.Background(), c, email.Message{Subject: "Lockbox file"}, "../lockbox.txt", []byte("101..."))
	fmt.Println(err)
	fmt.Println(transport.Permanent(err))
	// Output:
	// email: attachment name "../lockbox.txt"
	// true
}
