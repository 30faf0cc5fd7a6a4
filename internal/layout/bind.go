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
	var order []string
	wants := map[string][]Want{}
	var records []func()
	used := map[string][]string{}
	var codecs []func() error
	fieldType, recordType, layoutType := reflect.TypeFor[*Field](), reflect.TypeFor[*Record](), reflect.TypeFor[*Layout]()
	binderType := reflect.TypeFor[recordBinder]()
	for i := range v.NumField() {
		sf := v.Type().Field(i)
		tag, ok := sf.Tag.Lookup("layout")
		if !ok {
			continue
		}
		// Set unexported fields through their address: the typed layouts
		// keep their fields to themselves.
		fv := reflect.NewAt(sf.Type, unsafe.Pointer(v.Field(i).UnsafeAddr())).Elem()
		if sf.Type == layoutType && tag == "layout" {
			records = append(records, func() { fv.Set(reflect.ValueOf(l)) })
			continue
		}
		parts := strings.Split(tag, ",")
		rec := parts[0]
		if _, seen := wants[rec]; !seen {
			order = append(order, rec)
			wants[rec] = nil
		}
		switch {
		case sf.Type.Kind() == reflect.Pointer && sf.Type.Implements(binderType) && len(parts) == 1:
			codecs = append(codecs, func() error {
				c := reflect.New(sf.Type.Elem())
				names, err := c.Interface().(recordBinder).bindRecord(l, rec)
				used[rec] = append(used[rec], names...)
				records = append(records, func() { fv.Set(c) })
				return err
			})
		case sf.Type == recordType && len(parts) == 1:
			records = append(records, func() { fv.Set(reflect.ValueOf(l.Record(rec))) })
		case sf.Type == fieldType && len(parts) == 3:
			wants[rec] = append(wants[rec], Want{Name: parts[1], Type: Type(parts[2]), Into: fv.Addr().Interface().(**Field)})
		case sf.Type.Kind() == reflect.Array && sf.Type.Elem() == fieldType && len(parts) == 3 && strings.Contains(parts[1], "%d"):
			for j := range sf.Type.Len() {
				wants[rec] = append(wants[rec], Want{Name: fmt.Sprintf(parts[1], j+1), Type: Type(parts[2]), Into: fv.Index(j).Addr().Interface().(**Field)})
			}
		default:
			return fmt.Errorf("layout: field %s: tag %q does not fit a %s (want \"REC\" on a *Record or *Codec, \"REC,name,TYPE\" on a *Field, \"REC,name_%%d,TYPE\" on an array of them)", sf.Name, tag, sf.Type)
		}
	}
	if err := l.OnlyTypes(order...); err != nil {
		return err
	}
	for _, rec := range order {
		if err := l.bindFields(rec, wants[rec]); err != nil {
			return err
		}
		for _, w := range wants[rec] {
			used[rec] = append(used[rec], w.Name)
		}
	}
	for _, bind := range codecs {
		if err := bind(); err != nil {
			return err
		}
	}
	for _, rec := range order {
		if err := l.onlyFields(rec, used[rec]); err != nil {
			return err
		}
	}
	for _, set := range records {
		set()
	}
	return nil
}

// recordBinder is a *Codec[T], compiled for a record type by BindStruct.
type recordBinder interface {
	bindRecord(l *Layout, rec string) ([]string, error)
}

// BindNew is BindStruct into a new T, for MustBind and LoadBound.
func BindNew[T any](l *Layout) (*T, error) {
	t := new(T)
	if err := BindStruct(l, t); err != nil {
		return nil, err
	}
	return t, nil
}
