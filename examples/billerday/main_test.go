package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/transport/sftp/sftptest"
)

func day(t *testing.T, dir string, date string) (Summary, string) {
	return dayWith(t, config{dir: dir}, date)
}

func dayWith(t *testing.T, c config, date string) (Summary, string) {
	t.Helper()
	c.date, _ = time.Parse("2006-01-02", date)
	c.invoices, c.seed = 300, 7
	var out bytes.Buffer
	sum, err := run(context.Background(), c, &out)
	if err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	return sum, out.String()
}

func TestTheDayTwice(t *testing.T) {
	dir := t.TempDir()
	first, out := day(t, dir, "2026-11-18")
	if first.Exported != 1 || first.Uploaded != 2+300+1 || first.Answered != 3 || first.Downloaded != 3 || first.Posted == 0 ||
		first.PaperlessApplied == 0 || first.LockboxFiles != 1 || len(first.Findings) != 0 {
		t.Fatalf("the first run: %+v\n%s", first, out)
	}
	second, out := day(t, dir, "2026-11-18")
	if second.Exported+second.Uploaded+second.Answered+second.Downloaded+second.Posted+second.LockboxFiles+second.PaperlessApplied != 0 ||
		second.AlreadyPosted != first.Posted || !strings.Contains(out, "nothing new today") {
		t.Fatalf("the second run did something again: %+v\n%s", second, out)
	}
	checkTheDaysFiles(t, dir, dir)
	// The next business day: nothing goes out, Invoice Cloud answers for
	// the bills still open, and both days reconcile.
	next, out := day(t, dir, "2026-11-19")
	if next.Exported != 0 || next.Uploaded != 0 || next.Answered != 3 || next.Posted == 0 || next.PaperlessApplied == 0 || len(next.Findings) != 0 {
		t.Fatalf("the next day: %+v\n%s", next, out)
	}
	checkTheDaysFiles(t, dir, dir)
}

// TestTheDayFromClarity: a Clarity biller's day, its export in XML.
func TestTheDayFromClarity(t *testing.T) {
	c := config{dir: t.TempDir(), clarity: true}
	sum, out := dayWith(t, c, "2026-11-18")
	if sum.Exported != 1 || sum.Uploaded != 2+300+1 || sum.Posted == 0 || len(sum.Findings) != 0 || !strings.Contains(out, "SPANFORK_INV_UB_20261101_001.xml: 300 invoices") {
		t.Fatalf("%+v\n%s", sum, out)
	}
	checkTheDaysFiles(t, c.dir, c.dir)
}

// TestTheDayOverSFTP runs the day with Stratus on a real OpenSSH server.
func TestTheDayOverSFTP(t *testing.T) {
	o := sftptest.StartOpenSSH(t)
	key := filepath.Join(t.TempDir(), "key")
	data, _ := os.ReadFile(o.KeyFile)
	os.WriteFile(key, data, 0o600)
	c := config{dir: t.TempDir()}
	c.sftp.url, c.sftp.key, c.sftp.knownHosts = "sftp://"+sftptest.User+"@"+o.Addr+"/upload", key, o.KnownHosts
	first, out := dayWith(t, c, "2026-11-18")
	if first.Uploaded != 2+300+1 || first.Answered != 3 || first.Downloaded != 3 || first.Posted == 0 || len(first.Findings) != 0 {
		t.Fatalf("over SFTP: %+v\n%s", first, out)
	}
	if !strings.Contains(out, "Invoice Cloud's in sftp://") {
		t.Fatalf("not over SFTP:\n%s", out)
	}
	second, out := dayWith(t, c, "2026-11-18")
	if second.Uploaded+second.Answered+second.Downloaded+second.Posted != 0 {
		t.Fatalf("over SFTP, again: %+v\n%s", second, out)
	}
	checkTheDaysFiles(t, c.dir, filepath.Join(o.Chroot, "upload"))
}

// checkTheDaysFiles reads every file of both sides back: each validates,
// and every payment, adjustment and paperless change points at a bill or
// account the biller sent.
func checkTheDaysFiles(t *testing.T, dir, stratus string) {
	t.Helper()
	p := pathsOf(dir)
	bills, err := readBills(filepath.Join(p.outInv, "SPANFORK_INV_UB_20261101_001.bif"))
	if err != nil {
		t.Fatal(err)
	}
	bill, account := map[string]bool{}, map[string]bool{}
	for _, b := range bills {
		bill[b.Account+"/"+b.Number], account[b.Account] = true, true
	}
	mask, _ := lockbox.ParseMask(lockboxtest.Mask)
	counts := map[string]int{}
	check := func(path string, e os.DirEntry, err error) error {
		if err != nil || e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			return err
		}
		name := strings.TrimSuffix(e.Name(), ".snt")
		kind := ""
		for _, k := range []string{"_INV_", "_BAF_", "_PMT_", "_OPTOUT_", "_LBX_", "_IMG_"} {
			if strings.Contains(name, k) {
				kind = k
			}
		}
		if kind == "" {
			return nil // the ledger, the tasks file, Cash Receipting's files
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		counts[kind]++
		r := bytes.NewReader(data)
		fail := func(what string) { t.Errorf("%s: %s", path, what) }
		switch {
		case kind == "_INV_" && strings.HasSuffix(name, ".bif"):
			_, err = invoice.ReadBills(r, path)
		case kind == "_INV_" && strings.HasSuffix(name, ".xml"):
			for _, e := range invoice.NewClarityReader(r, &invoice.ClarityOptions{Name: path}).All() {
				if err = e; err != nil {
					break
				}
			}
		case kind == "_INV_":
			for _, e := range invoice.NewConnectReader(r, &invoice.ConnectOptions{Name: path}).All() {
				if err = e; err != nil {
					break
				}
			}
		case kind == "_BAF_":
			for a, e := range adjustment.NewReader(r, &adjustment.Options{Name: path}).All() {
				if err = e; err == nil && !bill[a.Account+"/"+a.InvoiceNumber] {
					fail("an adjustment of no bill sent: " + a.InvoiceNumber)
				}
			}
		case kind == "_PMT_":
			for pm, e := range payment.NewReader(r, &payment.Options{Name: path}).All() {
				if err = e; err == nil && !bill[pm.Account+"/"+pm.InvoiceNumber] {
					fail("a payment of no bill sent: " + pm.InvoiceNumber)
				}
			}
		case kind == "_OPTOUT_":
			for c, e := range optout.NewReader(r, &optout.Options{Name: path}).All() {
				if err = e; err == nil && !account[c.Account] {
					fail("a paperless change of no account billed: " + c.Account)
				}
			}
		case kind == "_IMG_":
			rows, e := csv.NewReader(r).ReadAll()
			if err = e; err == nil {
				for _, row := range rows[1:] {
					if !bill[row[0]+"/"+row[1]] {
						fail("a bill image of no bill sent: " + row[1])
					}
					if _, e := os.Stat(filepath.Join(filepath.Dir(path), row[9])); e != nil && !exists(filepath.Join(filepath.Dir(path), row[9]+".snt")) {
						fail("the index names a bill file that is not there: " + row[9])
					}
				}
			}
		case kind == "_LBX_":
			lr := lockbox.NewReader(r, &lockbox.Options{Name: path, Mask: mask})
			for _, e := range lr.All() {
				if err = e; err != nil {
					break
				}
			}
		}
		if err != nil && err != io.EOF {
			fail(err.Error())
		}
		return nil
	}
	roots := []string{dir}
	if stratus != dir {
		roots = append(roots, stratus)
	}
	for _, root := range roots {
		if err := filepath.WalkDir(root, check); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []string{"_INV_", "_BAF_", "_PMT_", "_OPTOUT_", "_LBX_", "_IMG_"} {
		if counts[k] == 0 {
			t.Errorf("no %s file in the day", k)
		}
	}
}
