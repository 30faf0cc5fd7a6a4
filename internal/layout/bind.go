package layout

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// BindStruct binds a package's typed layout, the struct dst points to, to
// l through struct tags, as encoding/json binds a struct to JSON keys:
//
//	amount  *layout.Field     `layout:"PD,amount,S"`     // record PD, field amount, type S
//	periods [13]*layout.Field `layout:"UH,period_%d,N"` // period_1 … period_13
//	pd      *layout.Record    `layout:"PD"`
//	pdc     *layout.Codec[Payment] `layout:"PD"`     // the model's tags bind it
//
// The record types the tags name are the file kind's: l may have no
// other, and each of its records must have exactly the fields the tags
// name, each of the type given (Bind's checks, which name what is wrong).
// A *Layout field tagged `layout:"layout"` is set to l itself. Fields
// without a tag are left alone; unexported fields are set too.
func BindStruct(l *Layout, dst any) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return fmt.Errorf("layout: BindStruct needs a pointer to a struct, not %T", dst)
	}
	v = v.Elem()
	b := &binding{l: l, wants: map[string][]Want{}, used: map[string][]string{}}
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		tag, ok := sf.Tag.Lookup("layout")
		if !ok {
			continue
		}
		// Set unexported fields through their address: the typed layouts
		// keep their fields to themselves.
		if err := b.add(sf, reflect.NewAt(sf.Type, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem(), tag); err != nil {
			return err
		}
	}
	return b.finish()
}

// binding is what BindStruct gathers from a struct's tags before it checks
// the layout against them and sets the fields.
type binding struct {
	l      *Layout
	order  []string          // the record types, as the tags name them first
	wants  map[string][]Want // the *Field tags, by record type
	used   map[string][]string
	codecs []func() error // compile each codec
	sets   []func()       // then set the struct's fields
}

var (
	fieldType  = reflect.TypeFor[*Field]()
	recordType = reflect.TypeFor[*Record]()
	layoutType = reflect.TypeFor[*Layout]()
	binderType = reflect.TypeFor[recordBinder]()
)

// add takes one tagged field, fv (settable).
func (b *binding) add(sf reflect.StructField, fv reflect.Value, tag string) error {
	l := b.l
	if sf.Type == layoutType && tag == "layout" {
		b.sets = append(b.sets, func() { fv.Set(reflect.ValueOf(l)) })
		return nil
	}
	parts := strings.Split(tag, ",")
	rec := parts[0]
	if _, seen := b.wants[rec]; !seen {
		b.order = append(b.order, rec)
		b.wants[rec] = nil
	}
	switch {
	case sf.Type.Kind() == reflect.Pointer && sf.Type.Implements(binderType) && len(parts) <= 2:
		key := "layout" // the model's tag key; "REC,KEY" names another
		if len(parts) == 2 {
			key = parts[1]
		}
		b.codecs = append(b.codecs, func() error {
			c := reflect.New(sf.Type.Elem())
			names, err := c.Interface().(recordBinder).bindRecord(l, rec, key)
			b.used[rec] = append(b.used[rec], names...)
			b.sets = append(b.sets, func() { fv.Set(c) })
			return err
		})
	case sf.Type == recordType && len(parts) == 1:
		b.sets = append(b.sets, func() { fv.Set(reflect.ValueOf(l.Record(rec))) })
	case sf.Type == fieldType && len(parts) == 3:
		b.wants[rec] = append(b.wants[rec], Want{Name: parts[1], Type: Type(parts[2]), Into: fv.Addr().Interface().(**Field)})
	case sf.Type.Kind() == reflect.Array && sf.Type.Elem() == fieldType && len(parts) == 3 && strings.Contains(parts[1], "%d"):
		for j := range sf.Type.Len() {
			b.wants[rec] = append(b.wants[rec], Want{Name: fmt.Sprintf(parts[1], j+1), Type: Type(parts[2]), Into: fv.Index(j).Addr().Interface().(**Field)})
		}
	default:
		return fmt.Errorf("layout: field %s: tag %q does not fit a %s (want \"REC\" on a *Record or *Codec, \"REC,TAGKEY\" on a *Codec, \"REC,name,TYPE\" on a *Field, \"REC,name_%%d,TYPE\" on an array of them)", sf.Name, tag, sf.Type)
	}
	return nil
}

// finish checks the layout against the tags — its record types, the
// fields each tag names, the codecs' fields, and no field no one binds —
// and sets the struct's fields.
func (b *binding) finish() error {
	l := b.l
	if err := l.OnlyTypes(b.order...); err != nil {
		return err
	}
	for _, rec := range b.order {
		if err := l.bindFields(rec, b.wants[rec]); err != nil {
			return err
		}
		for _, w := range b.wants[rec] {
			b.used[rec] = append(b.used[rec], w.Name)
		}
	}
	for _, compile := range b.codecs {
		if err := compile(); err != nil {
			return err
		}
	}
	for _, rec := range b.order {
		if err := l.onlyFields(rec, b.used[rec]); err != nil {
			return err
		}
	}
	for _, set := range b.sets {
		set()
	}
	return nil
}

// recordBinder is a *Codec[T], compiled for a record type by BindStruct.
type recordBinder interface {
	bindRecord(l *Layout, rec, key string) ([]string, error)
}

// BindNew is BindStruct into a new T, for MustBind and LoadBound.
func BindNew[T any](l *Layout) (*T, error) {
	t := new(T)
	if err := BindStruct(l, t); err != nil {
		return nil, err
	}
	return t, nil
}
