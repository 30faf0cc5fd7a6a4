package emailtest_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport/email"
	"github.com/icbatch/caselle/transport/email/emailtest"
)

// A test sends through the server over STARTTLS and reads what arrived;
// FailNext makes the next delivery a temporary failure, which Send
// retries. (A test passes its *testing.T; exampleT stands in for it.)
func Example() {
	t := &exampleT{}
	defer t.cleanup()
	s := emailtest.Start(t, true)
	c := email.Config{Addr: s.Addr, From: "invoicecloud@example.com", To: []string{"clerk@city.example"},
		TLSConfig: s.TLSConfig(), Username: emailtest.User, Password: emailtest.Password, First: time.Millisecond}
	s.FailNext(451)
	err := email.Send(context.Background(), c, email.Message{Subject: "Lockbox"}, "SPANFORK_LBX_20261125_001.txt", []byte("101\r\n"))
	fmt.Println(err, s.Attempts(), len(s.Messages()))
	// Output: <nil> 2 1
}

// exampleT is the part of a *testing.T that Start uses.
type exampleT struct {
	testing.TB
	cleanups []func()
}

func (*exampleT) Helper()            {}
func (*exampleT) Fatal(a ...any)     { panic(fmt.Sprint(a...)) }
func (t *exampleT) Cleanup(f func()) { t.cleanups = append(t.cleanups, f) }
func (t *exampleT) cleanup() {
	for _, f := range t.cleanups {
		f()
	}
}
