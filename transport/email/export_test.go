package email

import "testing"

// StartTestServer starts the tests' SMTP server with TLS, for the
// external tests of this package.
func StartTestServer(t *testing.T) *smtpServer { return startSMTP(t, true) }

// Messages counts the messages the server took.
func (s *smtpServer) Messages() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.got)
}
