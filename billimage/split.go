package billimage

import (
	"fmt"
	"io"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Splitter cuts bills out of a print file into PDFs of their own, with
// pdfcpu (github.com/pdfcpu/pdfcpu), which reads the file once and copies
// each bill's pages with what they use. Only this file of the SDK imports
// pdfcpu's splitting.
type Splitter struct {
	name string
	ctx  *model.Context
}

// NewSplitter reads the print file in rs for cutting.
func NewSplitter(rs io.ReadSeeker, name string) (s *Splitter, err error) {
	defer func() {
		if v := recover(); v != nil {
			s, err = nil, fmt.Errorf("%s: %w: pdfcpu: %v", name, ErrDamaged, v)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err := api.ReadContext(rs, conf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: pdfcpu: %v", name, ErrDamaged, err)
	}
	if err := ctx.EnsurePageCount(); err != nil {
		return nil, fmt.Errorf("%s: %w: pdfcpu: %v", name, ErrDamaged, err)
	}
	return &Splitter{name: name, ctx: ctx}, nil
}

// Write writes the pages of bill b (First to Last) as one PDF to w.
func (s *Splitter) Write(w io.Writer, b Bill) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("%s: page %d: cutting the bill: pdfcpu: %v", s.name, b.First, v)
		}
	}()
	pages := make([]int, 0, b.Last-b.First+1)
	for p := b.First; p <= b.Last; p++ {
		pages = append(pages, p)
	}
	out, err := pdfcpu.ExtractPages(s.ctx, pages, false)
	if err != nil {
		return fmt.Errorf("%s: page %d: cutting the bill: %w", s.name, b.First, err)
	}
	if err := api.WriteContext(out, w); err != nil {
		return fmt.Errorf("%s: page %d: writing the bill: %w", s.name, b.First, err)
	}
	return nil
}
