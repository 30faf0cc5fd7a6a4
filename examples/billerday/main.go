// Command billerday runs one whole biller day of the Caselle–Invoice Cloud
// integration on local folders, with generated data:
//
//	go run ./examples/billerday [-dir out] [-date 2026-11-18] [-invoices 400] [-seed 1]
//	    [-sftp sftp://user@host:port/folder -key KEY -known-hosts FILE]
//
// The biller's side is under out/biller/, Invoice Cloud's side of the
// Stratus tree (FORMATS §1) under out/invoicecloud/ (or on the SFTP
// server -sftp names), played by the examples/invoicecloud stand-in.
//
// Outbound: Caselle exports the billing cycle's invoices (Connect, or
// Clarity XML with -clarity); they
// are validated and become the BIF through the biller's customization;
// the print file of the bills is cut into one PDF a bill, each tied to
// its invoice, with the FORMATS §9 index, and the BIF names them; the
// closed period's adjustments are written; agent tasks (out/biller/tasks.json)
// upload both. Invoice Cloud takes them, presents the bills and answers
// with the day's payments, paperless change log and CloudStore lockbox.
// Inbound: agent tasks download them; the payments are posted to Cash
// Receipting through a ledger, the paperless changes applied latest-wins,
// the lockbox posted by GL account; then payments and adjustments are
// reconciled against the bills and the deposit summary printed.
//
// Run it again and nothing is exported, sent, answered or posted twice;
// it says so.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/icbatch/caselle/adjustment"
	"github.com/icbatch/caselle/adjustment/adjustmenttest"
	"github.com/icbatch/caselle/billimage"
	"github.com/icbatch/caselle/billimage/billimagetest"
	"github.com/icbatch/caselle/examples/invoicecloud"
	"github.com/icbatch/caselle/invoice"
	"github.com/icbatch/caselle/invoice/invoicetest"
	"github.com/icbatch/caselle/lockbox"
	"github.com/icbatch/caselle/lockbox/lockboxtest"
	"github.com/icbatch/caselle/optout"
	"github.com/icbatch/caselle/payment"
	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/agent"
	"github.com/icbatch/caselle/transport/folder"
	"github.com/icbatch/caselle/transport/sftp"
	"github.com/shopspring/decimal"
)

func main() {
	var c config
	flag.StringVar(&c.dir, "dir", "out", "root of the two sides' folder trees")
	date := flag.String("date", "2026-11-18", "the business day (payment file date), YYYY-MM-DD")
	flag.IntVar(&c.invoices, "invoices", 400, "invoices in the billing cycle")
	flag.Uint64Var(&c.seed, "seed", 1, "generator seed")
	flag.BoolVar(&c.clarity, "clarity", false, "the biller runs Caselle Clarity: invoices exported as XML, not Connect")
	flag.StringVar(&c.sftp.url, "sftp", "", "Stratus on a real SFTP server, sftp://user@host:port/folder, instead of out/invoicecloud")
	flag.StringVar(&c.sftp.key, "key", "", "with -sftp: the private key file")
	flag.StringVar(&c.sftp.knownHosts, "known-hosts", "", "with -sftp: a known_hosts file with the server's key")
	flag.Parse()
	var err error
	if c.date, err = time.Parse("2006-01-02", *date); err != nil {
		fmt.Fprintf(os.Stderr, "billerday: -date %q: want YYYY-MM-DD\n", *date)
		os.Exit(2)
	}
	if _, err := run(context.Background(), c, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "billerday:", err)
		os.Exit(1)
	}
}

type config struct {
	dir      string
	date     time.Time
	invoices int
	seed     uint64
	clarity  bool                                  // Caselle Clarity (XML) rather than Connect
	sftp     struct{ url, key, knownHosts string } // url "": Stratus is a local folder
}

// stratus opens Invoice Cloud's side of the Stratus tree: a local folder,
// or the SFTP server given.
func (c config) stratus(ctx context.Context) (*transport.FS, error) {
	if c.sftp.url == "" {
		return folder.Open(filepath.Join(c.dir, "invoicecloud"))
	}
	cfg, err := sftp.ParseURL(c.sftp.url)
	if err != nil {
		return nil, err
	}
	if cfg.Signer, err = sftp.LoadKey(c.sftp.key); err != nil {
		return nil, err
	}
	cfg.KnownHosts = c.sftp.knownHosts
	return sftp.Dial(ctx, cfg)
}

// Biller is the day's biller and how its bills are presented.
const Biller = "SPANFORK"

// Customization is the biller's BIF customization: balance-forward,
// AutoPay three days before the due date, partial payments allowed, bills
// expiring 60 days after they are due.
var Customization = invoice.Customization{BillingMode: "balance-forward", AutoPayDaysBeforeDue: 3, NotifyDaysBeforeDue: []int{5},
	NotifyOnBillDate: true, ExpireDaysAfterDue: 60, MinimumPayment: "none", AllowPartialPayments: true}

// Summary is what a day did, for the caller and its tests.
type Summary struct {
	Exported, Uploaded, Answered, Downloaded int
	Posted, AlreadyPosted, InDoubt           int
	PaperlessApplied                         int
	LockboxFiles                             int
	Findings                                 []string
}

// paths of the biller's side.
type paths struct{ root, export, outInv, outAdj, outImg, inbox, state, cash, caselle string }

func pathsOf(dir string) paths {
	b := filepath.Join(dir, "biller")
	return paths{root: b, export: filepath.Join(b, "Caselle", "Export"), caselle: filepath.Join(b, "Caselle"),
		outInv: filepath.Join(b, "ToInvoiceCloud", "Invoices", "UB"), outAdj: filepath.Join(b, "ToInvoiceCloud", "Adjustments", "UB"),
		outImg: filepath.Join(b, "ToInvoiceCloud", "PDFs", "UB"),
		inbox:  filepath.Join(b, "FromInvoiceCloud"), state: filepath.Join(b, "state"), cash: filepath.Join(b, "CashReceipting")}
}

// run is one biller day: the invoices, bill images and adjustments go
// out, Invoice Cloud answers, and its answers come in and are posted.
func run(ctx context.Context, c config, out io.Writer) (Summary, error) {
	var sum Summary
	p := pathsOf(c.dir)
	for _, d := range []string{p.export, p.outInv, p.outAdj, p.outImg, p.inbox, p.state, p.cash, filepath.Join(c.dir, "invoicecloud")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return sum, err
		}
	}
	icWhere := filepath.Join(c.dir, "invoicecloud")
	if c.sftp.url != "" {
		icWhere = c.sftp.url
	}
	fmt.Fprintf(out, "== %s, %s: the biller's side in %s, Invoice Cloud's in %s\n\n", Biller, c.date.Format("Mon 2 Jan 2006"), p.root, icWhere)
	fmt.Fprintln(out, "-- outbound")
	bif, err := outbound(p, c, &sum, out)
	if err != nil {
		return sum, err
	}

	// 4. The agent's tasks: uploads now, downloads after Invoice Cloud's day.
	tf, err := agent.LoadTasks(writeTasks(p, c))
	if err != nil {
		return sum, err
	}
	svc, closeAll, err := tf.Service(ctx, func(ctx context.Context, _ string, _ agent.TransportSpec) (*transport.FS, error) {
		return c.stratus(ctx)
	})
	if err != nil {
		return sum, err
	}
	defer closeAll()
	results := map[string]agent.Result{}
	svc.Ran = func(job string, _ time.Time, res agent.Result, _ error) { results[job] = res }
	uploads, downloads := *svc, *svc
	uploads.Jobs, downloads.Jobs = svc.Jobs[:4], svc.Jobs[4:]
	if err := uploads.RunOnce(ctx); err != nil {
		return sum, err
	}
	for _, j := range uploads.Jobs {
		sum.Uploaded += len(results[j.Name].Sent)
		fmt.Fprintf(out, "agent %s: %s\n", j.Name, said(results[j.Name], "sent"))
	}

	fmt.Fprintln(out, "\n-- Invoice Cloud")
	if err := invoiceCloudDay(ctx, c, &sum, out); err != nil {
		return sum, err
	}

	fmt.Fprintln(out, "\n-- inbound")
	if err := downloads.RunOnce(ctx); err != nil {
		return sum, err
	}
	for _, j := range downloads.Jobs {
		sum.Downloaded += len(results[j.Name].Sent)
		fmt.Fprintf(out, "agent %s: %s\n", j.Name, said(results[j.Name], "saved"))
	}
	bills, err := readBills(bif)
	if err != nil {
		return sum, err
	}
	if err := postPayments(ctx, p, bills, &sum, out); err != nil {
		return sum, err
	}
	if err := applyPaperless(p, &sum, out); err != nil {
		return sum, err
	}
	if err := postLockbox(p, &sum, out); err != nil {
		return sum, err
	}
	if err := reconcile(p, bills, &sum, out); err != nil {
		return sum, err
	}
	if sum.Exported+sum.Uploaded+sum.Answered+sum.Downloaded+sum.Posted == 0 {
		fmt.Fprintln(out, "\nnothing new today: nothing exported, sent, answered or posted again")
	}
	return sum, nil
}

// outbound is the biller's morning: 1. Caselle exports the cycle's
// invoices (once), 2. they are checked, 3. and become the BIF, with the
// bill images cut from the print file; the closed period's adjustments go
// with them. It returns the BIF's path.
func outbound(p paths, c config, sum *Summary, out io.Writer) (string, error) {
	billDate := time.Date(c.date.Year(), c.date.Month(), 1, 0, 0, 0, 0, time.UTC)
	inv := invoicetest.Options{Seed: c.seed, Biller: Biller, Date: billDate, Invoices: c.invoices}
	invName := transport.ICName{Kind: transport.Invoices, Biller: Biller, Category: "UB", Date: billDate, Seq: 1}
	ext := "txt"
	if c.clarity {
		ext = "xml"
	}
	connect := filepath.Join(p.export, withExt(invName, ext))
	bif := filepath.Join(p.outInv, withExt(invName, "bif"))
	if exists(connect) {
		fmt.Fprintf(out, "invoices: %s was exported before; not again\n", filepath.Base(connect))
	} else {
		if err := writeFile(connect, func(w io.Writer) error { return export(w, inv, c.clarity) }); err != nil {
			return "", err
		}
		sum.Exported++
	}
	invs, total, err := readExport(connect, c.clarity)
	if err != nil {
		return "", err
	}
	fmt.Fprintf(out, "invoices: %s: %d invoices, %s due, every record valid\n", filepath.Base(connect), len(invs), total.StringFixed(2))
	if !exists(bif) && !exists(bif+".snt") {
		// Caselle prints the cycle's bills into one print file; it is cut
		// into bills, each tied to its invoice, and the BIF names them.
		images, err := billImages(p, invs, billDate, c.seed, out)
		if err != nil {
			return "", err
		}
		if err := writeFile(bif, func(w io.Writer) error { return writeBIF(w, invs, images) }); err != nil {
			return "", err
		}
		fmt.Fprintf(out, "BIF: %s through the customization (AutoPay %d days before due, partial payments, expiry %d days after)\n",
			filepath.Base(bif), Customization.AutoPayDaysBeforeDue, Customization.ExpireDaysAfterDue)
	}
	// The closed period's adjustments go out with the cycle's invoices:
	// their new balances follow from the bills as billed.
	adjName := transport.ICName{Kind: transport.Adjustments, Biller: Biller, Category: "UB", Date: c.date, Seq: 1}
	baf := filepath.Join(p.outAdj, withExt(adjName, "txt"))
	if sum.Exported > 0 {
		if err := writeFile(baf, func(w io.Writer) error {
			_, err := adjustmenttest.Write(w, adjustmenttest.Options{Seed: c.seed, Biller: Biller, Date: c.date, Adjustments: max(c.invoices/20, 1), Invoices: invs})
			return err
		}); err != nil {
			return "", err
		}
		fmt.Fprintf(out, "adjustments: %s\n", filepath.Base(baf))
	}
	return bif, nil
}

// invoiceCloudDay is Invoice Cloud's side of the day, played by the
// stand-in: it takes what was uploaded and answers with the day's
// payments, paperless changes and CloudStore orders.
func invoiceCloudDay(ctx context.Context, c config, sum *Summary, out io.Writer) error {
	icRoot, err := c.stratus(ctx)
	if err != nil {
		return err
	}
	defer icRoot.Close()
	ic := &invoicecloud.StandIn{Root: icRoot, Biller: Biller, Seed: c.seed, Customization: Customization,
		Payers: max(c.invoices/4, 1), Changes: max(c.invoices/40, 1), Orders: 12}
	day, err := ic.Run(ctx, c.date)
	if err != nil {
		return err
	}
	sum.Answered = len(day.Wrote)
	if len(day.Read) == 0 {
		fmt.Fprintln(out, "nothing new was uploaded; nothing answered")
	} else {
		fmt.Fprintf(out, "took %d files: %d bills presented, %d adjustments applied; answered with %d files\n", len(day.Read), len(day.Bills), day.Adjusted, len(day.Wrote))
	}
	return nil
}

func withExt(n transport.ICName, ext string) string {
	n.Ext = ext
	return n.String()
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func said(r agent.Result, verb string) string {
	s := fmt.Sprintf("%d %s", len(r.Sent), verb)
	if len(r.Skipped) > 0 {
		s += fmt.Sprintf(", %d already here", len(r.Skipped))
	}
	if len(r.Errors) > 0 {
		s += fmt.Sprintf(", %d failed: %v", len(r.Errors), r.Errors[0])
	}
	if len(r.Sent) == 0 && len(r.Skipped) == 0 && len(r.Errors) == 0 {
		s = "nothing to do"
	}
	return s
}

// writeTasks writes the agent's tasks file: Stratus is the Invoice Cloud
// folder tree here (an sftp transport in production).
func writeTasks(p paths, c config) string {
	rel := func(to string) string { r, _ := filepath.Rel(p.root, to); return filepath.ToSlash(r) }
	ic, _ := filepath.Abs(filepath.Join(c.dir, "invoicecloud"))
	stratus := fmt.Sprintf(`{"type": "folder", "path": %q}`, filepath.ToSlash(ic))
	if c.sftp.url != "" {
		key, _ := filepath.Abs(c.sftp.key)
		known, _ := filepath.Abs(c.sftp.knownHosts)
		stratus = fmt.Sprintf(`{"type": "sftp", "url": %q, "key_file": %q, "known_hosts": %q}`, c.sftp.url, key, known)
	}
	tasks := fmt.Sprintf(`{
  "state_folder": "state",
  "transports": {"stratus": %s},
  "tasks": [
    {"name": "invoices", "type": "upload", "every": "daily", "start": "2026-11-01 06:30", "local_folder": %q, "extension": "bif",
     "transport": "stratus", "remote_folder": "ToInvoiceCloud/Invoices/UB"},
    {"name": "adjustments", "type": "upload", "every": "daily", "start": "2026-11-01 06:35", "local_folder": %q, "extension": "txt",
     "transport": "stratus", "remote_folder": "ToInvoiceCloud/Adjustments/UB"},
    {"name": "bill-images", "type": "upload", "every": "daily", "start": "2026-11-01 06:40", "local_folder": %[4]q, "extension": "pdf",
     "transport": "stratus", "remote_folder": "ToInvoiceCloud/PDFs/UB"},
    {"name": "bill-index", "type": "upload", "every": "daily", "start": "2026-11-01 06:45", "local_folder": %[4]q, "extension": "csv",
     "transport": "stratus", "remote_folder": "ToInvoiceCloud/PDFs/UB"},
    {"name": "payments", "type": "download", "every": "daily", "start": "2026-11-01 07:00", "local_folder": %[5]q,
     "transport": "stratus", "remote_folder": "FromInvoiceCloud/Payments"},
    {"name": "paperless", "type": "download", "every": "daily", "start": "2026-11-01 07:05", "local_folder": %q,
     "transport": "stratus", "remote_folder": "FromInvoiceCloud/ChangeLogs"},
    {"name": "lockbox", "type": "download", "every": "daily", "start": "2026-11-01 07:10", "local_folder": %q,
     "transport": "stratus", "remote_folder": "FromInvoiceCloud/Lockbox"}
  ]
}
`, stratus, rel(p.outInv), rel(p.outAdj), rel(p.outImg), rel(filepath.Join(p.inbox, "Payments")), rel(filepath.Join(p.inbox, "ChangeLogs")), rel(filepath.Join(p.inbox, "Lockbox")))
	path := filepath.Join(p.root, "tasks.json")
	os.WriteFile(path, []byte(tasks), 0o644)
	return path
}

// export writes the cycle's invoices as Caselle Connect (fixed width) or
// Clarity (XML) exports them.
func export(w io.Writer, o invoicetest.Options, clarity bool) error {
	if !clarity {
		_, err := invoicetest.WriteConnect(w, o)
		return err
	}
	cw, err := invoice.NewClarityWriter(w, invoicetest.Header(o), &invoice.ClarityOptions{Registry: invoicetest.Registry()})
	if err != nil {
		return err
	}
	for inv := range invoicetest.Invoices(o) {
		if err := cw.Write(inv); err != nil {
			return err
		}
	}
	return cw.Close()
}

// readExport reads the export back, checking every rule.
func readExport(path string, clarity bool) ([]invoice.Invoice, decimal.Decimal, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, decimal.Zero, err
	}
	defer f.Close()
	var all func() iter.Seq2[invoice.Invoice, error]
	var summary func() (invoice.Summary, bool)
	if clarity {
		r := invoice.NewClarityReader(bufio.NewReader(f), &invoice.ClarityOptions{Name: path, Registry: invoicetest.Registry()})
		all, summary = r.All, r.Summary
	} else {
		r := invoice.NewConnectReader(bufio.NewReader(f), &invoice.ConnectOptions{Name: path, Registry: invoicetest.Registry()})
		all, summary = r.All, r.Summary
	}
	var invs []invoice.Invoice
	for inv, err := range all() {
		if err != nil {
			return nil, decimal.Zero, err
		}
		invs = append(invs, inv)
	}
	s, _ := summary()
	return invs, s.TotalDue, nil
}

func writeBIF(w io.Writer, invs []invoice.Invoice, images map[string]string) error {
	bw, _ := invoice.NewBIFWriter(w, nil)
	for _, inv := range invs {
		row, err := Customization.BIF(inv, images[inv.Account+"/"+inv.Number])
		if err != nil {
			return err
		}
		if err := bw.Write(row); err != nil {
			return err
		}
	}
	return bw.Close()
}

// readBills reads the BIF the biller sent (or its .snt once sent).
func readBills(bif string) ([]invoice.Bill, error) {
	if !exists(bif) {
		bif += ".snt"
	}
	f, err := os.Open(bif)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return invoice.ReadBills(f, filepath.Base(bif))
}

// inbox lists the files of one inbound folder, oldest name first.
func inbox(p paths, folder string) []string {
	es, _ := os.ReadDir(filepath.Join(p.inbox, folder))
	var out []string
	for _, e := range es {
		if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, filepath.Join(p.inbox, folder, e.Name()))
		}
	}
	slices.Sort(out)
	return out
}

// postPayments imports every payment file through the ledger, posting to
// Cash Receipting (a receipts file here).
func postPayments(ctx context.Context, p paths, bills []invoice.Bill, sum *Summary, out io.Writer) error {
	led, err := payment.OpenFileLedger(filepath.Join(p.state, "posted-payments.tsv"))
	if err != nil {
		return err
	}
	defer led.Close()
	cr, err := os.OpenFile(filepath.Join(p.cash, "receipts.tsv"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer cr.Close()
	post := func(_ context.Context, pm payment.Payment) error {
		if _, err := fmt.Fprintf(cr, "%s\t%s\t%s\t%s\t%s\t%s\n", pm.Confirmation, pm.Type, pm.Account, pm.InvoiceNumber, pm.Amount.StringFixed(2), pm.Batch); err != nil {
			return err
		}
		return cr.Sync()
	}
	for _, name := range inbox(p, "Payments") {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		res, err := payment.Import(ctx, payment.NewReader(bufio.NewReader(f), &payment.Options{Name: filepath.Base(name)}), led, post)
		f.Close()
		sum.Posted += len(res.Posted)
		sum.AlreadyPosted += len(res.Skipped)
		sum.InDoubt += len(res.InDoubt)
		if err != nil && len(res.InDoubt) == 0 {
			return err
		}
		if len(res.Posted) > 0 || len(res.InDoubt) > 0 {
			fmt.Fprintf(out, "payments: %s: %d posted to Cash Receipting, %d posted before, %d in doubt\n", filepath.Base(name), len(res.Posted), len(res.Skipped), len(res.InDoubt))
		}
	}
	if sum.Posted == 0 {
		fmt.Fprintf(out, "payments: nothing new to post (%d posted before)\n", sum.AlreadyPosted)
	}
	return nil
}

// applyPaperless folds every change log into the enrollment table,
// latest change wins.
func applyPaperless(p paths, sum *Summary, out io.Writer) error {
	var changes []optout.Change
	for _, name := range inbox(p, "ChangeLogs") {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		for c, err := range optout.NewReader(f, &optout.Options{Name: filepath.Base(name)}).All() {
			if err != nil {
				f.Close()
				return err
			}
			changes = append(changes, c)
		}
		f.Close()
	}
	table := filepath.Join(p.caselle, "paperless.tsv")
	before, _ := os.ReadFile(table)
	var b strings.Builder
	paperless := 0
	for _, c := range optout.Latest(slices.Values(changes)) {
		fmt.Fprintf(&b, "%s\t%d\t%v\t%s\t%d\n", c.Account, c.InvoiceType, c.Paperless, c.Email, c.ID)
		if c.Paperless {
			paperless++
		}
	}
	if b.String() == string(before) {
		fmt.Fprintln(out, "paperless: nothing new to apply")
		return nil
	}
	sum.PaperlessApplied = len(changes)
	// The table is state, replaced whole: a hidden file renamed over it.
	tmp := filepath.Join(p.caselle, ".paperless.tsv.new")
	if err := os.WriteFile(tmp, []byte(b.String()), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, table); err != nil {
		return err
	}
	fmt.Fprintf(out, "paperless: %d changes applied, latest wins: %d account-types now paperless\n", len(changes), paperless)
	return nil
}

// postLockbox posts each lockbox file not posted before, by GL account.
func postLockbox(p paths, sum *Summary, out io.Writer) error {
	postedList := filepath.Join(p.state, "posted-lockbox.txt")
	done, _ := os.ReadFile(postedList)
	mask, _ := lockbox.ParseMask(lockboxtest.Mask)
	for _, name := range inbox(p, "Lockbox") {
		base := filepath.Base(name)
		if slices.Contains(strings.Fields(string(done)), base) {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		byGL := map[string]decimal.Decimal{}
		r := lockbox.NewReader(f, &lockbox.Options{Name: base, Mask: mask})
		for pm, err := range r.All() {
			if err != nil {
				f.Close()
				return err
			}
			for _, d := range pm.Distributions {
				byGL[d.GLAccount] = byGL[d.GLAccount].Add(d.Amount)
			}
		}
		f.Close()
		t, _ := r.Totals()
		gl, err := os.OpenFile(filepath.Join(p.cash, "gl.tsv"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		var parts []string
		for _, a := range slices.Sorted(maps.Keys(byGL)) {
			fmt.Fprintf(gl, "%s\t%s\t%s\n", base, a, byGL[a].StringFixed(2))
			parts = append(parts, a+" "+byGL[a].StringFixed(2))
		}
		gl.Close()
		if err := appendLine(postedList, base); err != nil {
			return err
		}
		sum.LockboxFiles++
		fmt.Fprintf(out, "lockbox: %s: %s posted to %d GL accounts (%s)\n", base, t.Amount.StringFixed(2), len(byGL), strings.Join(parts, ", "))
	}
	if sum.LockboxFiles == 0 {
		fmt.Fprintln(out, "lockbox: nothing new to post")
	}
	return nil
}

func appendLine(path, line string) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintln(f, line); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// reconcile checks what came back against the bills sent, and prints the
// deposit summary of the payments.
func reconcile(p paths, bills []invoice.Bill, sum *Summary, out io.Writer) error {
	fmt.Fprintln(out, "\n-- reconciliation")
	led, err := payment.OpenFileLedger(filepath.Join(p.state, "posted-payments.tsv"))
	if err != nil {
		return err
	}
	defer led.Close()
	// Adjustments first: payers pay the balance they leave.
	ac := adjustment.NewReconciler(bills)
	adjs, _ := filepath.Glob(filepath.Join(p.outAdj, "*.snt"))
	for _, name := range adjs {
		if err := eachFile(name, func(r io.Reader) error {
			return ac.File(adjustment.NewReader(r, &adjustment.Options{Name: filepath.Base(name)}))
		}); err != nil {
			return err
		}
	}
	rc := payment.NewReconciler(ac.Adjusted())
	rc.Posted = func(c string) bool { _, posted, _ := led.Lookup(c); return posted }
	var deposits payment.Summary
	for _, name := range inbox(p, "Payments") {
		if err := eachFile(name, func(r io.Reader) error {
			return rc.File(payment.NewReader(r, &payment.Options{Name: filepath.Base(name)}))
		}); err != nil {
			return err
		}
		eachFile(name, func(r io.Reader) error {
			for pm, err := range payment.NewReader(r, nil).All() {
				if err == nil {
					deposits.Add(pm)
				}
			}
			return nil
		})
	}
	for _, f := range rc.Findings() {
		sum.Findings = append(sum.Findings, f.String())
	}
	for _, f := range ac.Findings() {
		sum.Findings = append(sum.Findings, f.String())
	}
	if len(sum.Findings) == 0 {
		fmt.Fprintf(out, "every payment and adjustment points at a bill sent, within what it allows\n")
	}
	for _, f := range sum.Findings {
		fmt.Fprintln(out, "  ", f)
	}
	fmt.Fprintln(out, "\ndeposit summary (batches close automatically each day):")
	_, err = deposits.WriteTo(out)
	return err
}

func eachFile(name string, fn func(io.Reader) error) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return fn(bufio.NewReader(f))
}

// writeFile writes a file whole or not at all, never over another, as
// the agent's local folder does (so no reader ever sees half a file).
func writeFile(path string, fill func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := fill(&buf); err != nil {
		return err
	}
	dir, err := folder.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Put(context.Background(), filepath.Base(path), &buf)
}

// billImages prints the cycle's bills (billimagetest plays Caselle's print
// run), reads them back with the reference template, ties each to its
// invoice, and writes one PDF a bill and the index into PDFs/UB. It
// returns each invoice's bill file, by account/number.
func billImages(p paths, invs []invoice.Invoice, billDate time.Time, seed uint64, out io.Writer) (map[string]string, error) {
	var print bytes.Buffer
	if _, err := billimagetest.Write(&print, billimagetest.Options{Seed: seed, Invoices: invs, Duplex: true}); err != nil {
		return nil, err
	}
	name := Biller + "_PRINT_UB_" + billDate.Format("20060102") + ".pdf"
	if err := writeFile(filepath.Join(p.export, name), func(w io.Writer) error { _, err := w.Write(print.Bytes()); return err }); err != nil {
		return nil, err
	}
	doc, err := billimage.OpenPDF(bytes.NewReader(print.Bytes()), int64(print.Len()), name)
	if err != nil {
		return nil, err
	}
	sp, err := billimage.NewSplitter(bytes.NewReader(print.Bytes()), name)
	if err != nil {
		return nil, err
	}
	var bills []invoice.Bill
	for i, inv := range invs {
		row, _ := Customization.BIF(inv, "")
		bills = append(bills, invoice.Bill{BIFRow: row, File: "invoices", Line: i + 1})
	}
	rc := billimage.NewReconciler(bills)
	images := map[string]string{}
	var index bytes.Buffer
	iw := billimage.NewIndexWriter(&index)
	for b, err := range billimage.Reference().Bills(doc, nil) {
		if err != nil {
			return nil, err
		}
		if len(b.Problems) > 0 {
			return nil, b.Problems[0]
		}
		rc.Add(b)
		file, err := billimage.FileName(b)
		if err != nil {
			return nil, err
		}
		if err := writeFile(filepath.Join(p.outImg, file), func(w io.Writer) error { return sp.Write(w, b) }); err != nil {
			return nil, err
		}
		if err := iw.Write(b, file); err != nil {
			return nil, err
		}
		images[b.Account+"/"+b.Number] = file
	}
	if err := iw.Close(); err != nil {
		return nil, err
	}
	if f := rc.Finish(); len(f) > 0 {
		return nil, fmt.Errorf("bill images: %s", f[0])
	}
	idx := transport.ICName{Kind: transport.BillImages, Biller: Biller, Category: "UB", Date: billDate, Seq: 1, Ext: "csv"}
	if err := writeFile(filepath.Join(p.outImg, idx.String()), func(w io.Writer) error { _, err := w.Write(index.Bytes()); return err }); err != nil {
		return nil, err
	}
	fmt.Fprintf(out, "bill images: %s: %d pages cut into %d bills, each tied to its invoice; index %s\n", name, doc.NumPages(), len(images), idx)
	return images, nil
}
