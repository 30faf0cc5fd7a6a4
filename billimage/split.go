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
	// chunk is a run of pages copied out of ctx, from page chunkFirst:
	// pdfcpu's page copy costs in proportion to the whole file, so bills,
	// which come in page order, are cut from a chunk of a few hundred
	// pages instead of from a file of ten thousand.
	chunk      *model.Context
	chunkFirst int
	chunkLast  int
}

// chunkPages is how many pages a chunk holds.
const chunkPages = 400

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
	if b.First < 1 || b.Last < b.First || b.Last > s.ctx.PageCount {
		return fmt.Errorf("%s: pages %d-%d: out of 1-%d", s.name, b.First, b.Last, s.ctx.PageCount)
	}
	if s.chunk == nil || b.First < s.chunkFirst || b.Last > s.chunkLast {
		last := min(max(b.First+chunkPages-1, b.Last), s.ctx.PageCount)
		chunk, err := pdfcpu.ExtractPages(s.ctx, pageRange(b.First, last), false)
		if err != nil {
			return fmt.Errorf("%s: page %d: cutting the bill: %w", s.name, b.First, err)
		}
		if err := chunk.EnsurePageCount(); err != nil {
			return fmt.Errorf("%s: page %d: cutting the bill: %w", s.name, b.First, err)
		}
		s.chunk, s.chunkFirst, s.chunkLast = chunk, b.First, last
	}
	out, err := pdfcpu.ExtractPages(s.chunk, pageRange(b.First-s.chunkFirst+1, b.Last-s.chunkFirst+1), false)
	if err != nil {
		return fmt.Errorf("%s: page %d: cutting the bill: %w", s.name, b.First, err)
	}
	if err := api.WriteContext(out, w); err != nil {
		return fmt.Errorf("%s: page %d: writing the bill: %w", s.name, b.First, err)
	}
	return nil
}

func pageRange(from, to int) []int {
	out := make([]int, 0, to-from+1)
	for p := from; p <= to; p++ {
		out = append(out, p)
	}
	return out
}
