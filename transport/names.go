package transport

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// FileKind is one kind of file in the Invoice Cloud folder tree (FORMATS
// §1), which Stratus uses too.
type FileKind struct {
	Code     string   // in the file name: INV, BAF, IMG, PMT, OPTOUT, LBX
	Folder   string   // under ToInvoiceCloud or FromInvoiceCloud
	ToIC     bool     // sent to Invoice Cloud (else received from it)
	Category bool     // names and folders carry an invoice category
	Exts     []string // allowed extensions
}

// The kinds of the Invoice Cloud folder tree.
var (
	Invoices    = FileKind{"INV", "Invoices", true, true, []string{"txt", "xml", "bif"}}
	Adjustments = FileKind{"BAF", "Adjustments", true, true, []string{"txt"}}
	BillImages  = FileKind{"IMG", "PDFs", true, true, []string{"csv"}}
	Payments    = FileKind{"PMT", "Payments", false, false, []string{"txt"}}
	ChangeLogs  = FileKind{"OPTOUT", "ChangeLogs", false, false, []string{"csv"}}
	Lockbox     = FileKind{"LBX", "Lockbox", false, false, []string{"txt"}}
)

var kinds = []FileKind{Invoices, Adjustments, BillImages, Payments, ChangeLogs, Lockbox}

// Categories are the invoice categories of FORMATS §1.
var Categories = []string{"UB", "MV", "RE", "PP", "CS", "MI"}

// ICName is a parsed Invoice Cloud file name.
type ICName struct {
	Kind     FileKind
	Biller   string
	Category string // "" for kinds without one
	Date     time.Time
	Seq      int // 1-999
	Ext      string
}

// Dir returns the folder the file belongs in: ToInvoiceCloud/Invoices/UB.
func (n ICName) Dir() string {
	top := "FromInvoiceCloud"
	if n.Kind.ToIC {
		top = "ToInvoiceCloud"
	}
	if n.Kind.Category {
		return path.Join(top, n.Kind.Folder, n.Category)
	}
	return path.Join(top, n.Kind.Folder)
}

// String returns the file name: SPANFORK_INV_UB_20261125_001.txt.
func (n ICName) String() string {
	parts := []string{n.Biller, n.Kind.Code}
	if n.Kind.Category {
		parts = append(parts, n.Category)
	}
	parts = append(parts, n.Date.Format("20060102"), fmt.Sprintf("%03d", n.Seq))
	return strings.Join(parts, "_") + "." + n.Ext
}

// Path returns the file's place in the tree: Dir()/String().
func (n ICName) Path() string { return path.Join(n.Dir(), n.String()) }

// Check says what is wrong with the name's parts, or nil.
func (n ICName) Check() error {
	switch {
	case n.Kind.Code == "":
		return fmt.Errorf("transport: Invoice Cloud name without a kind")
	case n.Biller == "" || len(n.Biller) > 10 || strings.IndexFunc(n.Biller, func(r rune) bool { return !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') }) >= 0:
		return fmt.Errorf("transport: biller code %q: want 1-10 capital letters or digits", n.Biller)
	case n.Kind.Category && !slices.Contains(Categories, n.Category):
		return fmt.Errorf("transport: invoice category %q: want one of %s", n.Category, strings.Join(Categories, ", "))
	case !n.Kind.Category && n.Category != "":
		return fmt.Errorf("transport: %s files have no category", n.Kind.Code)
	case n.Date.IsZero():
		return fmt.Errorf("transport: file date is required")
	case n.Seq < 1 || n.Seq > 999:
		return fmt.Errorf("transport: sequence %d: want 1-999", n.Seq)
	case !slices.Contains(n.Kind.Exts, n.Ext):
		return fmt.Errorf("transport: %s files end in .%s, not .%s", n.Kind.Code, strings.Join(n.Kind.Exts, ", ."), n.Ext)
	}
	return nil
}

// ParseICName parses an Invoice Cloud file name (the base name; a path's
// folders are ignored).
func ParseICName(name string) (ICName, error) {
	base := path.Base(name)
	stem, ext, ok := strings.Cut(base, ".")
	if !ok {
		return ICName{}, fmt.Errorf("transport: %q has no extension", base)
	}
	parts := strings.Split(stem, "_")
	bad := func(why string) (ICName, error) {
		return ICName{}, fmt.Errorf("transport: %q is not an Invoice Cloud file name (<BILLER>_<KIND>[_<CAT>]_<YYYYMMDD>_<NNN>.<ext>): %s", base, why)
	}
	if len(parts) < 4 {
		return bad("too few parts")
	}
	var n ICName
	for _, k := range kinds {
		if k.Code == parts[1] {
			n.Kind = k
		}
	}
	if n.Kind.Code == "" {
		return bad("unknown kind " + parts[1])
	}
	want := 4
	if n.Kind.Category {
		want = 5
	}
	if len(parts) != want {
		return bad(fmt.Sprintf("a %s name has %d parts", n.Kind.Code, want))
	}
	n.Biller, n.Ext = parts[0], ext
	if n.Kind.Category {
		n.Category = parts[2]
	}
	d, err := time.Parse("20060102", parts[want-2])
	if err != nil {
		return bad("date " + parts[want-2])
	}
	n.Date = d
	if len(parts[want-1]) != 3 {
		return bad("sequence " + parts[want-1])
	}
	if n.Seq, err = strconv.Atoi(parts[want-1]); err != nil {
		return bad("sequence " + parts[want-1])
	}
	if err := n.Check(); err != nil {
		return ICName{}, err
	}
	return n, nil
}

// NextName returns n with the first sequence number after every file of
// its kind, biller, category and date in f's folder n.Dir() (sent files
// renamed to .snt count too), so that a new file never takes an old
// one's name. A folder that does not exist yet gives sequence 1.
func NextName(ctx context.Context, f *FS, n ICName) (ICName, error) {
	es, err := f.List(ctx, n.Dir())
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return ICName{}, err
	}
	last := 0
	for _, e := range es {
		base := strings.TrimSuffix(path.Base(e.Name), ".snt")
		o, err := ParseICName(base)
		if err != nil || o.Kind.Code != n.Kind.Code || o.Biller != n.Biller || o.Category != n.Category || !o.Date.Equal(n.Date) {
			continue
		}
		last = max(last, o.Seq)
	}
	if last >= 999 {
		return ICName{}, fmt.Errorf("transport: %s already has files numbered up to 999 for %s", n.Dir(), n.Date.Format("2006-01-02"))
	}
	n.Seq = last + 1
	return n, nil
}
