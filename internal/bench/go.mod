module github.com/icbatch/caselle/internal/bench

go 1.26.0

require (
	github.com/ianlopshire/go-fixedwidth v0.9.5
	github.com/icbatch/caselle v0.0.0
	github.com/shopspring/decimal v1.4.0
	golang.org/x/text v0.44.0
)

replace github.com/icbatch/caselle => ../..
