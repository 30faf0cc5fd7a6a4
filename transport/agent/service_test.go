package agent

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/icbatch/caselle/transport"
	"github.com/icbatch/caselle/transport/memory"
	"github.com/icbatch/caselle/transport/transporttest"
)

// fakeClock jumps straight to the time slept until, or, for the times in
// asleep, to a later one (a machine that was off).
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	asleep map[time.Time]time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if woke, ok := c.asleep[t]; ok {
		t = woke
	}
	if t.After(c.now) {
		c.now = t
	}
	return nil
}

type runnerFunc func(ctx context.Context) (Result, error)

func (f runnerFunc) Run(ctx context.Context) (Result, error) { return f(ctx) }

var nop = runnerFunc(func(context.Context) (Result, error) { return Result{}, nil })

func at(m time.Month, d, h, min int) time.Time { return time.Date(2026, m, d, h, min, 0, 0, time.UTC) }

// runs runs the service to its end and returns the times each job ran.
func runs(t *testing.T, s *Service) map[string][]string {
	t.Helper()
	got := map[string][]string{}
	s.Ran = func(job string, at time.Time, _ Result, _ error) {
		got[job] = append(got[job], at.Format("01-02 15:04"))
	}
	done := make(chan error)
	go func() { done <- s.Run(context.Background()) }()
	returned(t, done, 10*time.Second, "the service did not return when every schedule had ended")
	return got
}

// returned waits up to within for the service's Run to return on done,
// failing t with what if it does not, or if Run failed.
func returned(t *testing.T, done <-chan error, within time.Duration, what string) {
	t.Helper()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(within):
		t.Fatal(what)
	}
}

func TestServiceRunsOnScheduleUntilTheEnd(t *testing.T) {
	s := &Service{Clock: &fakeClock{now: at(11, 25, 0, 0)}, Jobs: []Job{
		{Name: "invoices", Schedule: Schedule{Every: Daily, Start: at(11, 25, 6, 30), End: at(11, 28, 6, 30)}, Task: nop},
		{Name: "payments", Schedule: Schedule{Every: Weekly, Start: at(11, 20, 7, 0), End: at(12, 10, 0, 0)}, Task: nop},
	}}
	got := runs(t, s)
	if want := "11-25 06:30 11-26 06:30 11-27 06:30 11-28 06:30"; strings.Join(got["invoices"], " ") != want {
		t.Errorf("daily: %v, want %s", got["invoices"], want)
	}
	if want := "11-27 07:00 12-04 07:00"; strings.Join(got["payments"], " ") != want {
		t.Errorf("weekly (started before the service): %v, want %s", got["payments"], want)
	}
}

func TestServiceMonthEnds(t *testing.T) {
	s := &Service{Clock: &fakeClock{now: at(1, 1, 0, 0)}, Jobs: []Job{
		{Name: "statements", Schedule: Schedule{Every: Monthly, Start: at(1, 31, 5, 0), End: at(6, 1, 0, 0)}, Task: nop},
	}}
	if got, want := strings.Join(runs(t, s)["statements"], " "), "01-31 05:00 02-28 05:00 03-31 05:00 04-30 05:00 05-31 05:00"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestServiceMissedRunsRunOnce: a machine off over three scheduled times
// runs the job once when it comes back, then keeps to the schedule.
func TestServiceMissedRunsRunOnce(t *testing.T) {
	clock := &fakeClock{now: at(11, 25, 0, 0), asleep: map[time.Time]time.Time{at(11, 27, 6, 30): at(11, 29, 9, 15)}}
	s := &Service{Clock: clock, Jobs: []Job{
		{Name: "payments", Schedule: Schedule{Every: Daily, Start: at(11, 25, 6, 30), End: at(12, 1, 6, 30)}, Task: nop},
	}}
	if got, want := strings.Join(runs(t, s)["payments"], " "), "11-25 06:30 11-26 06:30 11-29 09:15 11-30 06:30 12-01 06:30"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestServiceStateAcrossRestarts: with a state file, a run due while the
// service was stopped is made once at its start.
func TestServiceStateAcrossRestarts(t *testing.T) {
	state := filepath.Join(t.TempDir(), "state.json")
	sched := Schedule{Every: Daily, Start: at(11, 25, 6, 30), End: at(11, 30, 6, 30)}
	ctx, stop := context.WithCancel(context.Background())
	n := 0
	first := &Service{Clock: &fakeClock{now: at(11, 25, 0, 0)}, State: state, Jobs: []Job{{Name: "j", Schedule: sched,
		Task: runnerFunc(func(context.Context) (Result, error) {
			if n++; n == 2 {
				stop() // the service is stopped after its second run
			}
			return Result{}, nil
		})}}}
	if err := first.Run(ctx); err != nil || n != 2 {
		t.Fatalf("%d runs: %v", n, err)
	}
	second := &Service{Clock: &fakeClock{now: at(11, 28, 12, 0)}, State: state, Jobs: []Job{{Name: "j", Schedule: sched, Task: nop}}}
	if got, want := strings.Join(runs(t, second)["j"], " "), "11-28 12:00 11-29 06:30 11-30 06:30"; got != want {
		t.Errorf("after the restart: %s, want %s", got, want)
	}
}

// TestServiceStopFinishesTheFileInFlight: stopping while a file is being
// sent lets it finish, sends no other, and returns.
func TestServiceStopFinishesTheFileInFlight(t *testing.T) {
	local, remote := memory.New(), memory.New()
	for i := range 3 {
		transporttest.Put(t, local, fmt.Sprintf("f%d.txt", i), "data")
	}
	slow := &blockingPut{Driver: remote.Driver(), entered: make(chan struct{}), release: make(chan struct{})}
	var res Result
	var runErr error
	s := &Service{Jobs: []Job{{Name: "up", Schedule: Schedule{Every: Daily, Start: time.Now().Add(-time.Hour)},
		Task: &Upload{Local: local.FS, Ext: "txt", Remote: transport.New(slow), Journal: journal(t), Retry: fast}}},
		Ran: func(_ string, _ time.Time, r Result, err error) { res, runErr = r, err }}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.RunOnce(ctx) }()
	<-slow.entered
	stop() // SIGTERM, while f0.txt is in flight
	time.Sleep(20 * time.Millisecond)
	close(slow.release)
	returned(t, done, 5*time.Second, "the service did not stop")
	if runErr != nil || len(res.Sent) != 1 || res.Sent[0] != "f0.txt" {
		t.Fatalf("%+v %v: want f0.txt sent whole and nothing else", res, runErr)
	}
	if got := transporttest.Get(t, remote, "f0.txt"); got != "data" {
		t.Fatalf("the file in flight: %q", got)
	}
	if _, err := remote.Stat(context.Background(), "f1.txt"); err == nil {
		t.Fatal("a file after the stop was sent")
	}
}

func TestServiceRefusesBadJobs(t *testing.T) {
	s := &Service{Jobs: []Job{{Name: "a", Task: nop, Schedule: Schedule{Every: Daily, Start: at(1, 1, 0, 0)}},
		{Name: "a", Task: nop, Schedule: Schedule{Every: "hourly", Start: at(1, 1, 0, 0)}}}}
	err := s.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), `two jobs are named "a"`) || !strings.Contains(err.Error(), "hourly") {
		t.Fatalf("got %v", err)
	}
	if s.RunOnce(context.Background()) == nil {
		t.Fatal("RunOnce ran bad jobs")
	}
}
