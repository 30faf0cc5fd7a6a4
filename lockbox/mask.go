package lockbox

import "fmt"

// Mask is a Caselle GL account mask such as "FF-SS-RRR": each letter
// stands for one digit (F fund, S segment, R revenue — any letter will do),
// every other character stands for itself.
type Mask struct{ pattern string }

// ParseMask checks a mask: it must hold at least one letter.
func ParseMask(pattern string) (Mask, error) {
	for _, c := range pattern {
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' {
			return Mask{pattern}, nil
		}
	}
	return Mask{}, fmt.Errorf("lockbox: account mask %q has no letters; a mask such as FF-SS-RRR uses a letter for each digit", pattern)
}

// String returns the mask's pattern.
func (m Mask) String() string { return m.pattern }

// IsZero reports whether m is no mask (every account fits).
func (m Mask) IsZero() bool { return m.pattern == "" }

// Check says why account does not fit the mask, or returns nil.
func (m Mask) Check(account string) error {
	if m.pattern == "" {
		return nil
	}
	if len(account) != len(m.pattern) {
		return fmt.Errorf("account %q does not fit mask %s: %d characters, want %d", account, m.pattern, len(account), len(m.pattern))
	}
	for i := 0; i < len(account); i++ {
		p, c := m.pattern[i], account[i]
		letter := p >= 'A' && p <= 'Z' || p >= 'a' && p <= 'z'
		if letter && (c < '0' || c > '9') {
			return fmt.Errorf("account %q does not fit mask %s: want a digit at position %d, not %q", account, m.pattern, i+1, c)
		}
		if !letter && c != p {
			return fmt.Errorf("account %q does not fit mask %s: want %q at position %d", account, m.pattern, p, i+1)
		}
	}
	return nil
}
