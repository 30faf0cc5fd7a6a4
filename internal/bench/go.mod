module github.com/icbatch/caselle/internal/bench

go 1.26.0

require (
	github.com/google/go-cmp v0.7.0
	github.com/ianlopshire/go-fixedwidth v0.9.5
	github.com/icbatch/caselle v0.0.0
	github.com/shopspring/decimal v1.4.0
	golang.org/x/text v0.44.0
)

require (
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	github.com/go-pdf/fpdf v0.9.0 // indirect
	github.com/hhrutter/tiff v1.0.6 // indirect
	github.com/ledongthuc/pdf v0.0.0-20260907135840-6c8c28e0e8a0 // indirect
	github.com/mattn/go-runewidth v0.0.27 // indirect
	github.com/pdfcpu/pdfcpu v0.15.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/image v0.44.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
)

replace github.com/icbatch/caselle => ../..
