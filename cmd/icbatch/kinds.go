package main

import (
	"bytes"
	"context"
	"io"
	"iter"
	"os"
	"time"

	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/payment/paymenttest"
)

// kind is one file kind the command handles.
type kind struct {
	name string
	// sniff tells the kind from the first bytes of a file.
	sniff func(head []byte) bool
	// validate reads a whole file, reporting each problem; it returns an
	// error only for I/O and usage problems.
	validate func(in io.Reader, name string, opt kindOptions, report func(error)) error
	// toJSON writes the file as JSON Lines; the first problem ends it.
	toJSON func(in io.Reader, name string, opt kindOptions, out io.Writer) error
	// generate writes a generated file.
	generate func(out io.Writer, g genOptions) error
	// layout returns the default layout as JSON and as Markdown.
	layout func() (json []byte, markdown string)
}

type kindOptions struct {
	layoutFile string
	maxErrors  int
	size       int64  // input size in bytes, 0 if unknown
	mask       string // lockbox: Caselle GL account mask to check
	json       bool   // validate: problems as JSON lines
}

type genOptions struct {
	seed     uint64
	count    int
	date     time.Time
	biller   string
	invoices []invoice.Invoice // --from: the day's invoices; nil: generated
}

var kinds = map[string]*kind{
	"lockbox": readerKind(&kind{
		name: "lockbox",
		sniff: func(h []byte) bool {
			return bytes.HasPrefix(bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF")), []byte("101"))
		},
		generate: func(out io.Writer, g genOptions) error {
			cfg := lockboxtest.Config()
			cfg.Biller = g.biller
			cfg.Created = g.date.Add(6*time.Hour + 45*time.Minute)
			_, err := lockbox.Build(context.Background(), out, lockboxtest.Orders(lockboxtest.Options{Seed: g.seed, Orders: g.count, Date: g.date}), cfg)
			return err
		},
		layout: layoutOf(lockbox.DefaultLayout),
	}, lockboxOptions, lockbox.NewReader, (*lockbox.Reader).All, lockbox.WriteJSON),
	"payment": readerKind(&kind{
		name:  "payment",
		sniff: sniffTypes("PH", "PD", "PT"),
		generate: func(out io.Writer, g genOptions) error {
			_, err := paymenttest.Write(out, paymenttest.Options{Seed: g.seed, Payments: g.count, Date: g.date, Biller: g.biller, Invoices: g.invoices})
			return err
		},
		layout: layoutOf(payment.DefaultLayout),
	}, paymentOptions, payment.NewReader, (*payment.Reader).All, payment.WriteJSON),
}

// sniffTypes tells a fixed-width kind by the record type its first line
// starts with.
func sniffTypes(types ...string) func([]byte) bool {
	return func(h []byte) bool {
		h = bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF"))
		for _, t := range types {
			if bytes.HasPrefix(h, []byte(t)) {
				return true
			}
		}
		return false
	}
}

// loadLayout reads the --layout file, if one is given, with a package's
// LoadLayout.
func loadLayout[T any](file string, load func(io.Reader) (T, error)) (T, error) {
	var zero T
	if file == "" {
		return zero, nil
	}
	f, err := os.Open(file)
	if err != nil {
		return zero, err
	}
	defer f.Close()
	l, err := load(f)
	if err != nil {
		return zero, usagef("--layout %s: %v", file, err)
	}
	return l, nil
}

func paymentOptions(name string, opt kindOptions) (*payment.Options, error) {
	l, err := loadLayout(opt.layoutFile, payment.LoadLayout)
	return &payment.Options{Name: name, MaxErrors: opt.maxErrors, Size: opt.size, Layout: l}, err
}

// readerKind gives k the validate and toJSON of a kind read by a package's
// reader: options builds the package's options from the command's,
// newReader and all read the file, writeJSON writes it as JSON Lines.
// toJSON reads with the default policy, so the first problem ends it.
func readerKind[O, R, T any](k *kind, options func(string, kindOptions) (*O, error), newReader func(io.Reader, *O) R,
	all func(R) iter.Seq2[T, error], writeJSON func(io.Writer, R) error) *kind {
	k.validate = func(in io.Reader, name string, opt kindOptions, report func(error)) error {
		o, err := options(name, opt)
		if err != nil {
			return err
		}
		return reportAll(all(newReader(in, o)), report)
	}
	k.toJSON = func(in io.Reader, name string, opt kindOptions, out io.Writer) error {
		opt.maxErrors = 0
		o, err := options(name, opt)
		if err != nil {
			return err
		}
		return writeJSON(out, newReader(in, o))
	}
	return k
}

// layoutOf is a kind's layout function: its package's default layout as
// JSON and as Markdown.
func layoutOf[L interface {
	JSON() []byte
	Markdown() string
}](def func() L) func() ([]byte, string) {
	return func() ([]byte, string) { l := def(); return l.JSON(), l.Markdown() }
}

// reportAll reports every problem of a reader's records; a failure to read
// ends it and is returned.
func reportAll[T any](all iter.Seq2[T, error], report func(error)) error {
	for _, err := range all {
		if err != nil {
			if isIOError(err) {
				return err
			}
			report(err)
		}
	}
	return nil
}

// sniffPrefix tells a kind by how its first line starts.
func sniffPrefix(p string) func([]byte) bool {
	return func(h []byte) bool { return bytes.HasPrefix(bytes.TrimPrefix(h, []byte("\xEF\xBB\xBF")), []byte(p)) }
}

// isIOError tells a failure to read from a problem in the file.
func isIOError(err error) bool { return !payment.IsProblem(err) }
