package invoice

import (
	"fmt"
	"slices"
)

// Category is an invoice type's category (FORMATS §1).
type Category string

const (
	UtilityBilling   Category = "UB"
	MotorVehicle     Category = "MV"
	RealEstate       Category = "RE"
	PersonalProperty Category = "PP"
	CloudStore       Category = "CS"
	Miscellaneous    Category = "MI"
)

func (c Category) valid() bool {
	switch c {
	case UtilityBilling, MotorVehicle, RealEstate, PersonalProperty, CloudStore, Miscellaneous:
		return true
	}
	return false
}

// Type is an Invoice Cloud invoice type.
type Type struct {
	ID       int // 1-99
	Name     string
	Category Category
}

// Registry is a biller's configured invoice types (up to 99; the seed's
// biller has 42). Files are checked against it when one is given.
type Registry struct {
	types map[int]Type
}

// NewRegistry checks and indexes types: ids 1-99, unique, named, with a
// known category.
func NewRegistry(types ...Type) (*Registry, error) {
	r := &Registry{types: make(map[int]Type, len(types))}
	for _, t := range types {
		switch {
		case t.ID < 1 || t.ID > 99:
			return nil, fmt.Errorf("invoice: type id %d: want 1-99", t.ID)
		case t.Name == "":
			return nil, fmt.Errorf("invoice: type %02d has no name", t.ID)
		case !t.Category.valid():
			return nil, fmt.Errorf("invoice: type %02d: category %q (want UB, MV, RE, PP, CS or MI)", t.ID, t.Category)
		}
		if _, dup := r.types[t.ID]; dup {
			return nil, fmt.Errorf("invoice: type id %02d defined twice", t.ID)
		}
		r.types[t.ID] = t
	}
	return r, nil
}

// Lookup returns the type with the given id.
func (r *Registry) Lookup(id int) (Type, bool) {
	if r == nil {
		return Type{}, false
	}
	t, ok := r.types[id]
	return t, ok
}

// Types returns the types ordered by id.
func (r *Registry) Types() []Type {
	out := make([]Type, 0, len(r.types))
	for _, t := range r.types {
		out = append(out, t)
	}
	slices.SortFunc(out, func(a, b Type) int { return a.ID - b.ID })
	return out
}

// Len returns the number of types.
func (r *Registry) Len() int { return len(r.types) }
