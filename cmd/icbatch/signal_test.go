//go:build unix

package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets a test run the command in a child process.
func TestMain(m *testing.M) {
	if args := os.Getenv("ICBATCH_TEST_MAIN"); args != "" {
		os.Exit(run(strings.Split(args, "\x1f"), os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestAgentStopsOnSIGTERM: the agent waiting for its next run ends
// cleanly, exit 0, on SIGTERM.
func TestAgentStopsOnSIGTERM(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	os.MkdirAll(filepath.Join(dir, "ic"), 0o755)
	tasks := filepath.Join(dir, "tasks.json")
	os.WriteFile(tasks, []byte(`{"transports": {"ic": {"type": "folder", "path": "ic"}},
	  "tasks": [{"name": "adjustments", "type": "upload", "every": "daily", "start": "2026-11-25 06:30",
	    "local_folder": "out", "extension": "txt", "transport": "ic"}]}`), 0o644)
	cmd := exec.Command(os.Args[0], "-test.run", "^$")
	cmd.Env = append(os.Environ(), "ICBATCH_TEST_MAIN="+strings.Join([]string{"agent", "--tasks", tasks}, "\x1f"))
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	var logs []string
	for sc.Scan() {
		logs = append(logs, sc.Text())
		if strings.Contains(sc.Text(), "waiting for the next run") {
			break
		}
	}
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error)
	go func() {
		for sc.Scan() {
			logs = append(logs, sc.Text())
		}
		done <- cmd.Wait()
	}()
	select {
	case err := <-done:
		if err != nil || !strings.Contains(strings.Join(logs, "\n"), "msg=stopped") {
			t.Fatalf("exit %v:\n%s", err, strings.Join(logs, "\n"))
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the agent did not stop on SIGTERM:\n%s", strings.Join(logs, "\n"))
	}
}
