package layout

import (
	"strings"
	"testing"
)

type boundKind struct {
	l       *Layout   `layout:"layout"`
	h       *Record   `layout:"H"`
	biller  *Field    `layout:"H,biller,A"`
	date    *Field    `layout:"H,date,D"`
	amounts [2]*Field `layout:"A,amount_%d,S"`
	account *Field    `layout:"A,account,A"`
	skipped *Field    // no tag: left alone
}

const boundJSON = `{"name": "bound", "format": "fixed", "typeStart": 1, "typeLength": 1, "records": [
  {"type": "H", "length": 30, "fields": [{"name": "biller", "start": 2, "length": 10, "type": "A"}, {"name": "date", "start": 12, "length": 8, "type": "D"}]},
  {"type": "A", "length": 30, "fields": [{"name": "account", "start": 2, "length": 10, "type": "A"},
    {"name": "amount_1", "start": 12, "length": 9, "type": "S"}, {"name": "amount_2", "start": 21, "length": 9, "type": "S"}]}]}`

// TestBindStruct: tags bind records, fields and numbered fields (unexported
// ones too) and the layout itself; a layout missing a field, with a field
// of another type, with a field or record the kind does not have, is
// refused naming it; a tag that does not fit its field is an error.
func TestBindStruct(t *testing.T) {
	l := MustParse(boundJSON)
	b, err := BindNew[boundKind](l)
	if err != nil {
		t.Fatal(err)
	}
	if b.l != l || b.h != l.Record("H") || b.biller != l.Record("H").Field("biller") || b.date != l.Record("H").Field("date") ||
		b.amounts[1] != l.Record("A").Field("amount_2") || b.account != l.Record("A").Field("account") || b.skipped != nil {
		t.Fatalf("bound %+v", b)
	}
	bindRefuses[boundKind](t, boundJSON, []edit{
		{`{"name": "date", "start": 12, "length": 8, "type": "D"}`, `{"name": "when", "start": 12, "length": 8, "type": "D"}`, `record "H": field "date": field is missing`},
		{`"name": "amount_2", "start": 21, "length": 9, "type": "S"`, `"name": "amount_2", "start": 21, "length": 9, "type": "N"`, `field "amount_2": has type "N", want "S"`},
		{`{"name": "date", "start": 12, "length": 8, "type": "D"}`, `{"name": "date", "start": 12, "length": 8, "type": "D"}, {"name": "extra", "start": 20, "length": 2, "type": "A"}`, `field "extra": is not a field of this file kind`},
		{`{"type": "A",`, `{"type": "Z", "length": 30, "fields": [{"name": "x", "start": 2, "length": 1, "type": "A"}]}, {"type": "A",`, `record "Z": is not a record type of this file kind (want H, A)`},
	})
	var bad struct {
		f *Field `layout:"H,biller"`
	}
	if err := BindStruct(l, &bad); err == nil || !strings.Contains(err.Error(), `tag "H,biller" does not fit`) {
		t.Errorf("a tag without a type: %v", err)
	}
	if err := BindStruct(l, bad); err == nil {
		t.Error("a struct, not a pointer: no error")
	}
}

// edit is a change to a layout definition and the refusal it must bring.
type edit struct{ old, new, want string }

// bindRefuses binds T to def changed by each edit and checks that the
// binding is refused saying what the edit wants.
func bindRefuses[T any](t *testing.T, def string, edits []edit) {
	t.Helper()
	for _, e := range edits {
		changed := strings.Replace(def, e.old, e.new, 1)
		if changed == def {
			t.Fatalf("%q is not in the definition", e.old)
		}
		_, err := BindNew[T](MustParse(changed))
		if err == nil || !strings.Contains(err.Error(), e.want) {
			t.Errorf("got %v, want %q", err, e.want)
		}
	}
}
