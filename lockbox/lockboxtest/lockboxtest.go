// Package lockboxtest generates CloudStore orders and the GL map that
// covers them, seeded and deterministic, for tests, benchmarks and
// examples of the lockbox package.
package lockboxtest

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/icbatch/caselle/internal/gen"
	"github.com/icbatch/caselle/lockbox"
	"github.com/shopspring/decimal"
)

// StoreItem is an item a CloudStore sells.
type StoreItem struct {
	Code, Description, Store, GL string
	Price                        decimal.Decimal
}

// Catalog is what the generated stores sell, with the GL accounts of a
// Caselle chart of accounts masked FF-SS-RRR.
var Catalog = []StoreItem{
	{"DOGLIC", "Dog license, 1 year", "ANIMAL", "10-41-110", decimal.New(1500, -2)},
	{"DOGLICSN", "Dog license, spayed/neutered", "ANIMAL", "10-41-111", decimal.New(1000, -2)},
	{"CATLIC", "Cat license, 1 year", "ANIMAL", "10-41-112", decimal.New(800, -2)},
	{"BLDPERMIT", "Building permit", "PERMITS", "10-42-120", decimal.New(7500, -2)},
	{"FENCEPRMT", "Fence permit", "PERMITS", "10-42-121", decimal.New(2500, -2)},
	{"YARDSALE", "Yard sale permit", "PERMITS", "10-42-130", decimal.New(500, -2)},
	{"BIZLIC", "Business license", "PERMITS", "10-41-100", decimal.New(5000, -2)},
	{"PAVILION", "Park pavilion reservation", "PARKS", "10-36-200", decimal.New(4000, -2)},
	{"FIELDRES", "Ball field reservation, 2 hrs", "PARKS", "10-36-210", decimal.New(3000, -2)},
	{"SWIMPASS", "Pool season pass", "PARKS", "20-36-300", decimal.New(9500, -2)},
}

// GLMap returns the GL map of the whole catalog.
func GLMap() lockbox.GLMap {
	m := lockbox.GLMap{}
	for _, it := range Catalog {
		m[it.Code] = it.GL
	}
	return m
}

// Mask is the account mask the catalog's accounts fit.
const Mask = "FF-SS-RRR"

// Options shape the generated orders. The zero value makes 40 orders
// deposited on 2026-11-25.
type Options struct {
	Seed   uint64
	Orders int       // default 40; -1 for none
	Date   time.Time // deposit date of the first day; default 2026-11-25
	Days   int       // deposit days the orders spread over; default 1
}

var payers = []string{"José Peña", "Mary Johnson", "François Müller", "Zoë Ångström", "Robert Smith",
	"Renée Dubois", "Günther Groß", "Ana Lucía Muñoz", "David Nguyen", "Siobhán O'Connor"}

// Orders returns generated orders: one to four items each, from one store.
func Orders(o Options) []lockbox.Order {
	o.Orders = gen.Count(o.Orders, 40)
	o.Date = gen.Date(o.Date, gen.Day)
	o.Days = max(o.Days, 1)
	r := rand.New(rand.NewPCG(o.Seed, 0x10cb0c5))
	stores := map[string][]StoreItem{}
	var storeNames []string
	for _, it := range Catalog {
		if stores[it.Store] == nil {
			storeNames = append(storeNames, it.Store)
		}
		stores[it.Store] = append(stores[it.Store], it)
	}
	orders := make([]lockbox.Order, 0, o.Orders)
	for i := 0; i < o.Orders; i++ {
		store := storeNames[r.IntN(len(storeNames))]
		a, b := r.Uint64(), r.Uint64()
		ord := lockbox.Order{
			Confirmation: fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", a>>32, a>>16&0xffff, a&0xfff, 0x8000|b>>48&0x3fff, b&0xffffffffffff),
			Payer:        payers[r.IntN(len(payers))],
			Deposit:      o.Date.AddDate(0, 0, r.IntN(o.Days)),
			Store:        store,
		}
		for n := 1 + r.IntN(4); n > 0; n-- {
			it := stores[store][r.IntN(len(stores[store]))]
			q := 1 + r.IntN(3)
			ord.Items = append(ord.Items, lockbox.Item{Code: it.Code, Quantity: q,
				Amount: it.Price.Mul(decimal.NewFromInt(int64(q))), Description: it.Description})
		}
		orders = append(orders, ord)
	}
	return orders
}

// Config returns a build configuration for the generated orders.
func Config() lockbox.Config {
	m, _ := lockbox.ParseMask(Mask)
	return lockbox.Config{Biller: gen.Biller, Lockbox: 4400123, Created: time.Date(2026, 11, 25, 6, 45, 0, 0, time.UTC),
		MaxPerBatch: 25, Mask: m, GL: GLMap()}
}
