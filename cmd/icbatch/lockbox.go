package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
)

func lockboxOptions(name string, opt kindOptions) (*lockbox.Options, error) {
	o := &lockbox.Options{Name: name, MaxErrors: opt.maxErrors}
	if opt.mask != "" {
		m, err := lockbox.ParseMask(opt.mask)
		if err != nil {
			return nil, usagef("--mask: %v", err)
		}
		o.Mask = m
	}
	var err error
	o.Layout, err = loadLayout(opt.layoutFile, lockbox.LoadLayout)
	return o, err
}

// lockboxCmd runs "icbatch lockbox build" and "icbatch lockbox sample".
func lockboxCmd(args []string, stdout, stderr io.Writer) (int, error) {
	if len(args) == 0 {
		return exitUsage, usagef("lockbox needs a subcommand: build or sample")
	}
	switch args[0] {
	case "build":
		return lockboxBuild(args[1:], stdout, stderr)
	case "sample":
		return lockboxSample(args[1:])
	}
	return exitUsage, usagef("unknown lockbox subcommand %q (want build or sample)", args[0])
}

func lockboxBuild(args []string, stdout, stderr io.Writer) (int, error) {
	fs := newFlags("lockbox build")
	ordersFile := fs.String("orders", "", "orders CSV file")
	glFile := fs.String("gl", "", "GL map CSV file")
	outName := fs.String("out", "", "output file (default: standard output)")
	dir := fs.String("dir", "", "folder to write <BILLER>_LBX_<YYYYMMDD>_<NNN>.txt files into, as many as the orders need (streams the orders)")
	biller := fs.String("biller", "", "biller code (the header's destination)")
	lockboxNo := fs.Int("lockbox", 0, "lockbox number")
	mask := fs.String("mask", "", "Caselle GL account mask, e.g. FF-SS-RRR")
	perBatch := fs.Int("max-per-batch", 100, "payments per batch, 1-999")
	created := fs.String("created", "", "creation time YYYY-MM-DDTHH:MM (default: now, UTC)")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *ordersFile == "" || *glFile == "" || *biller == "" || *lockboxNo < 1 {
		return exitUsage, usagef("lockbox build needs --orders, --gl, --biller and --lockbox")
	}
	if *dir != "" && *outName != "" {
		return exitUsage, usagef("lockbox build takes --out or --dir, not both")
	}
	cfg := lockbox.Config{Biller: *biller, Lockbox: *lockboxNo, MaxPerBatch: *perBatch, Name: *outName}
	if *mask != "" {
		m, err := lockbox.ParseMask(*mask)
		if err != nil {
			return exitUsage, usagef("--mask: %v", err)
		}
		cfg.Mask = m
	}
	if *created != "" {
		t, err := time.Parse("2006-01-02T15:04", *created)
		if err != nil {
			return exitUsage, usagef("--created %q: want YYYY-MM-DDTHH:MM", *created)
		}
		cfg.Created = t
	}
	var orders []lockbox.Order
	var err error
	if *dir == "" {
		orders, err = readWith(*ordersFile, lockbox.ReadOrders)
	}
	if err == nil {
		cfg.GL, err = readWith(*glFile, lockbox.ReadGLMap)
	}
	if err != nil {
		return fileProblems(err, stdout)
	}
	if *dir != "" {
		return lockboxBuildDir(*dir, *ordersFile, cfg, stdout, stderr)
	}
	w, done, err := output(*outName, stdout)
	if err != nil {
		return exitUsage, err
	}
	built, err := lockbox.Build(context.Background(), w, orders, cfg)
	if derr := done(err == nil); err == nil && derr != nil {
		return exitUsage, derr
	}
	if err != nil {
		fmt.Fprintln(stdout, err) // and --out is as it was
		return exitInvalid, nil
	}
	fmt.Fprintf(stderr, "lockbox: %d orders → %d payments in %d batches, %s\n", built.Orders, built.Payments, built.Batches, built.Amount.StringFixed(2))
	return exitOK, nil
}

// fileProblems prints the problems of an input file (exit 1), or says
// it could not be read (exit 2).
func fileProblems(err error, stdout io.Writer) (int, error) {
	if lockbox.IsProblem(err) {
		for _, e := range lockbox.Flatten(err) {
			fmt.Fprintln(stdout, problemLine("", e))
		}
		return exitInvalid, nil
	}
	return exitUsage, err
}

// lockboxBuildDir streams the orders file into as many lockbox files in
// dir as it needs.
func lockboxBuildDir(dir, ordersFile string, cfg lockbox.Config, stdout, stderr io.Writer) (int, error) {
	f, err := openIn(ordersFile)
	if err != nil {
		return exitUsage, err
	}
	defer f.Close()
	files, err := lockbox.BuildFiles(context.Background(), dir, lockbox.StreamOrders(f, &lockbox.Options{Name: ordersFile}), cfg)
	if err != nil {
		if lockbox.IsProblem(err) {
			return fileProblems(err, stdout)
		}
		fmt.Fprintln(stdout, err)
		return exitInvalid, nil
	}
	var all lockbox.Built
	for _, f := range files {
		fmt.Fprintf(stderr, "lockbox: %s: %d payments in %d batches, %s\n", f.Name, f.Payments, f.Batches, f.Amount.StringFixed(2))
		all.Orders += f.Orders
		all.Batches += f.Batches
		all.Amount = all.Amount.Add(f.Amount)
	}
	fmt.Fprintf(stderr, "lockbox: %d orders → %d files, %d batches, %s\n", all.Orders, len(files), all.Batches, all.Amount.StringFixed(2))
	return exitOK, nil
}

func readWith[T any](name string, read func(io.Reader, *lockbox.Options) (T, error)) (T, error) {
	f, err := openIn(name)
	if err != nil {
		var zero T
		return zero, err
	}
	defer f.Close()
	return read(f, &lockbox.Options{Name: name})
}

func lockboxSample(args []string) (int, error) {
	fs := newFlags("lockbox sample")
	ordersFile := fs.String("orders", "", "orders CSV file to write")
	glFile := fs.String("gl", "", "GL map CSV file to write")
	seed := fs.Uint64("seed", 1, "random seed")
	count := fs.Int("count", 40, "orders")
	if err := parse(fs, args); err != nil {
		return exitUsage, err
	}
	if *ordersFile == "" || *glFile == "" {
		return exitUsage, usagef("lockbox sample needs --orders and --gl")
	}
	write := func(name string, fn func(io.Writer) error) error {
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	orders := lockboxtest.Orders(lockboxtest.Options{Seed: *seed, Orders: *count})
	if err := write(*ordersFile, func(w io.Writer) error { return lockbox.WriteOrders(w, orders) }); err != nil {
		return exitUsage, err
	}
	if err := write(*glFile, func(w io.Writer) error { return lockbox.WriteGLMap(w, lockboxtest.GLMap()) }); err != nil {
		return exitUsage, err
	}
	return exitOK, nil
}
